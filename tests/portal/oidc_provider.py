"""A tiny, real OpenID Connect provider for the single sign-on tests.

It serves discovery, authorization (code flow with PKCE; it "logs in" whoever the test says),
token, userinfo and JWKS endpoints over HTTP on a free local port, and signs RS256 ID tokens
with authlib's JOSE library (joserfc). The directory talks to it exactly as to Entra ID or
Keycloak: by HTTP, verifying signatures, nonce and PKCE.
"""

import json
import secrets
import threading
import time
from urllib.parse import parse_qs, urlencode
from wsgiref.simple_server import WSGIRequestHandler, make_server

from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.jwk import RSAKey


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class Provider:
    """The provider's state: its client, its signing key, who logs in next, codes and tokens."""

    def __init__(self, client_id="faxe-directory", client_secret="hemmelig"):
        self.client_id, self.client_secret = client_id, client_secret
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key", "alg": "RS256", "use": "sig"})
        self.claims = {}  # the user who logs in at the next authorization request
        self.codes, self.tokens = {}, {}
        self.token_requests = 0
        self.server = make_server("127.0.0.1", 0, self.app, handler_class=QuietHandler)
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    # --- WSGI -------------------------------------------------------------------------------

    def app(self, environ, start_response):
        path = environ["PATH_INFO"]
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        routes = {
            "/.well-known/openid-configuration": self.discovery,
            "/authorize": self.authorize,
            "/token": self.token,
            "/userinfo": self.userinfo,
            "/jwks": self.jwks,
        }
        if path not in routes:
            return self.respond(start_response, "404 Not Found", {"error": "not_found"})
        return routes[path](environ, query, start_response)

    def respond(self, start_response, status, body, headers=()):
        data = json.dumps(body).encode()
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data))), *headers])
        return [data]

    def discovery(self, environ, query, start_response):
        return self.respond(
            start_response,
            "200 OK",
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "userinfo_endpoint": f"{self.issuer}/userinfo",
                "jwks_uri": f"{self.issuer}/jwks",
                "response_types_supported": ["code"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
            },
        )

    def authorize(self, environ, query, start_response):
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            return self.respond(start_response, "400 Bad Request", {"error": "invalid_request"})
        if "openid" not in query.get("scope", "").split():
            return self.respond(start_response, "400 Bad Request", {"error": "invalid_scope"})
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "redirect_uri": query["redirect_uri"],
            "nonce": query.get("nonce"),
            "challenge": query.get("code_challenge"),
            "claims": dict(self.claims),
        }
        location = query["redirect_uri"] + "?" + urlencode({"code": code, "state": query.get("state", "")})
        start_response("302 Found", [("Location", location), ("Content-Length", "0")])
        return [b""]

    def token(self, environ, query, start_response):
        self.token_requests += 1
        length = int(environ.get("CONTENT_LENGTH") or 0)
        form = {k: v[0] for k, v in parse_qs(environ["wsgi.input"].read(length).decode()).items()}
        grant = self.codes.pop(form.get("code", ""), None)  # a code works once
        if (
            grant is None
            or form.get("client_id") != self.client_id
            or form.get("client_secret") != self.client_secret
            or form.get("redirect_uri") != grant["redirect_uri"]
            or (grant["challenge"] and create_s256_code_challenge(form.get("code_verifier", "")) != grant["challenge"])
        ):
            return self.respond(start_response, "400 Bad Request", {"error": "invalid_grant"})
        now = int(time.time())
        id_claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "sub": grant["claims"].get("sub", "subject"),
            "iat": now,
            "exp": now + 300,
            "nonce": grant["nonce"],
        }
        id_token = jwt.encode({"alg": "RS256", "kid": "test-key"}, id_claims, self.key)
        access_token = secrets.token_urlsafe(16)
        self.tokens[access_token] = grant["claims"]
        body = {"access_token": access_token, "token_type": "Bearer", "expires_in": 300, "id_token": id_token}
        return self.respond(start_response, "200 OK", body)

    def userinfo(self, environ, query, start_response):
        token = environ.get("HTTP_AUTHORIZATION", "").removeprefix("Bearer ")
        if token not in self.tokens:
            return self.respond(start_response, "401 Unauthorized", {"error": "invalid_token"})
        return self.respond(start_response, "200 OK", self.tokens[token])

    def jwks(self, environ, query, start_response):
        return self.respond(start_response, "200 OK", {"keys": [self.key.as_dict(private=False)]})
