"""A tiny, real OpenID Connect provider for the single sign-on tests.

It serves discovery, authorization (code flow with PKCE; it "logs in" whoever the test says),
token, userinfo, JWKS and end-session endpoints over HTTP on a free local port, and signs RS256
ID tokens with authlib's JOSE library (joserfc). The directory talks to it exactly as to Entra ID
or Keycloak: by HTTP, verifying signatures, nonce and PKCE.

Like a real provider it remembers a browser that logged in (a session cookie): the next
authorization request from that browser logs the same person in without asking, until the
browser is sent to the end-session endpoint (RP-initiated logout) with a valid `id_token_hint`
and a registered `post_logout_redirect_uri`.
"""

import json
import secrets
import threading
import time
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlencode
from wsgiref.simple_server import WSGIRequestHandler, make_server

from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import RSAKey


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class Provider:
    """The provider's state: its client, its signing key, who logs in next, codes and tokens."""

    SESSION_COOKIE = "op_session"

    def __init__(self, client_id="faxe-directory", client_secret="hemmelig"):
        self.client_id, self.client_secret = client_id, client_secret
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key", "alg": "RS256", "use": "sig"})
        # Who types their password at the next authorization request from a browser the provider
        # does not remember; None: nobody (the provider shows its login form).
        self.claims = {}
        self.codes, self.tokens = {}, {}
        self.sessions = {}  # session cookie → the claims of whoever logged in in that browser
        self.token_requests = 0
        # Post-logout redirect URIs registered for the client, as at Entra ID or Keycloak.
        self.post_logout_redirect_uris = {"http://testserver/konto/logget-ud/"}
        self.end_session_supported = True
        self.logouts = []  # the end-session requests the provider accepted
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
            "/logout": self.end_session,
        }
        if path not in routes:
            return self.respond(start_response, "404 Not Found", {"error": "not_found"})
        return routes[path](environ, query, start_response)

    def respond(self, start_response, status, body, headers=()):
        data = json.dumps(body).encode()
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data))), *headers])
        return [data]

    def discovery(self, environ, query, start_response):
        document = {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
        }
        if self.end_session_supported:
            document["end_session_endpoint"] = f"{self.issuer}/logout"
        return self.respond(start_response, "200 OK", document)

    def session_of(self, environ):
        cookie = SimpleCookie(environ.get("HTTP_COOKIE", ""))
        return cookie[self.SESSION_COOKIE].value if self.SESSION_COOKIE in cookie else None

    def authorize(self, environ, query, start_response):
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            return self.respond(start_response, "400 Bad Request", {"error": "invalid_request"})
        if "openid" not in query.get("scope", "").split():
            return self.respond(start_response, "400 Bad Request", {"error": "invalid_scope"})
        headers = []
        session = self.session_of(environ)
        if session in self.sessions:
            claims = self.sessions[session]  # a browser the provider remembers: no password asked
        elif self.claims is None:
            page = b"<h1>Sign in to your municipal account</h1>"
            start_response("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(page)))])
            return [page]
        else:
            claims = dict(self.claims)  # the password was typed: the provider remembers the browser
            session = secrets.token_urlsafe(16)
            self.sessions[session] = claims
            headers.append(("Set-Cookie", f"{self.SESSION_COOKIE}={session}; Path=/; HttpOnly"))
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "redirect_uri": query["redirect_uri"],
            "nonce": query.get("nonce"),
            "challenge": query.get("code_challenge"),
            "claims": claims,
        }
        location = query["redirect_uri"] + "?" + urlencode({"code": code, "state": query.get("state", "")})
        start_response("302 Found", [("Location", location), ("Content-Length", "0"), *headers])
        return [b""]

    def end_session(self, environ, query, start_response):
        """RP-initiated logout: a valid ID token of ours as the hint, and a registered address to
        return to; the browser's session ends and the browser goes back."""
        try:
            hint = jwt.decode(query.get("id_token_hint", ""), self.key).claims  # signature; expiry may pass
        except (JoseError, ValueError):
            return self.respond(start_response, "400 Bad Request", {"error": "invalid_id_token_hint"})
        back = query.get("post_logout_redirect_uri", "")
        if hint.get("aud") != self.client_id or back not in self.post_logout_redirect_uris:
            return self.respond(start_response, "400 Bad Request", {"error": "invalid_request"})
        self.sessions.pop(self.session_of(environ), None)
        self.logouts.append({"sub": hint.get("sub"), **query})
        expired = f"{self.SESSION_COOKIE}=; Path=/; Max-Age=0"
        start_response("302 Found", [("Location", back), ("Content-Length", "0"), ("Set-Cookie", expired)])
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
