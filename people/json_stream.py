"""A JSON file of the import format, {"units": [entry, …], "people": [entry, …]}, read one entry
at a time: the file is never held whole, so a file of 500,000 people costs the memory of one chunk
and one entry (docs/import-format.md). Each entry is decoded by the json module's own scanner (with
the caller's decoder); only the punctuation between entries is read here.

`top_level(text_file, decoder)` yields, in file order, (what, key, line, value): a LIST starting
under `key` (value None), each ENTRY of it, or a key's VALUE that is no list (decoded whole), or
the whole file's VALUE when it is no object (key None). A syntax error raises JsonSyntaxError with
the line and column, in the json module's words; nesting too deep for the decoder raises TooDeep
with the line where it passes the decoder's limit.
"""

import json
import re

CHUNK = 1 << 16
WHITESPACE = " \t\r\n"
NESTING_LIMIT = 100
LIST, ENTRY, VALUE = "list", "entry", "value"
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[{]|[\]}]')


class JsonSyntaxError(Exception):
    def __init__(self, message, line, column):
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


class TooDeep(Exception):
    def __init__(self, line):
        super().__init__(line)
        self.line = line


class _Scanner:
    """The text read so far that is still needed (`text` from `start`), and where it lies in the
    file: `line` and `column` (0-based) of text[0]. The lines of `text` are counted as far as
    `counted` (`counted_line` is the line there), so that each entry's line costs its own text."""

    def __init__(self, text_file, decoder):
        self.file, self.decoder = text_file, decoder
        self.text, self.start, self.line, self.column, self.ended = "", 0, 1, 0, False
        self.counted, self.counted_line = 0, 1

    def read(self, ahead):
        """At least `ahead` characters after `start`, unless the file ends first."""
        while not self.ended and len(self.text) - self.start < ahead:
            chunk = self.file.read(max(CHUNK, ahead))
            if not chunk:
                self.ended = True
                return
            done = self.text[: self.start]
            newlines = done.count("\n")
            self.line += newlines
            self.column = len(done) - done.rfind("\n") - 1 if newlines else self.column + len(done)
            self.text, self.start = self.text[self.start :] + chunk, 0
            self.counted, self.counted_line = 0, self.line

    def line_at(self, position):
        """The line, 1-based, of a position in `text` at or after the last one asked for."""
        if position < self.counted:
            self.counted, self.counted_line = 0, self.line
        self.counted_line += self.text.count("\n", self.counted, position)
        self.counted = position
        return self.counted_line

    def where(self, position=None):
        """(line, column), 1-based, of a position in `text` (for a problem: the column costs the
        text before it on its line)."""
        position = self.start if position is None else position
        newline = self.text.rfind("\n", 0, position)
        return self.line_at(position), (self.column + position + 1 if newline < 0 else position - newline)

    def next_character(self):
        """The next character that is not white space ("" at the end), not taken."""
        while True:
            while self.start < len(self.text) and self.text[self.start] in WHITESPACE:
                self.start += 1
            if self.start < len(self.text) or self.ended:
                return self.text[self.start] if self.start < len(self.text) else ""
            self.read(1)

    def expect(self, characters, message):
        found = self.next_character()
        if found not in characters or not found:
            self.fail(message)
        self.start += 1
        return found

    def fail(self, message, position=None):
        raise JsonSyntaxError(message, *self.where(position))

    def value(self):
        """The next value, decoded whole; more of the file is read until it is complete."""
        self.next_character()
        ahead = CHUNK
        while True:
            self.read(ahead)
            try:
                value, end = self.decoder.raw_decode(self.text, self.start)
            except json.JSONDecodeError as error:
                if not self.ended:  # perhaps only cut off by the end of what was read
                    ahead *= 2
                    continue
                self.fail(error.msg, error.pos)
            except RecursionError:
                raise TooDeep(self._too_deep_line()) from None
            if end == len(self.text) and not self.ended:  # a number may go on
                ahead *= 2
                continue
            self.start = end
            return value

    def _too_deep_line(self):
        depth = 0
        for match in _TOKEN.finditer(self.text, self.start):
            if match.group() in "[{":
                depth += 1
                if depth > NESTING_LIMIT:
                    return self.where(match.start())[0]
            elif match.group() in "]}":
                depth -= 1
        return self.where()[0]


def top_level(text_file, decoder):
    scanner = _Scanner(text_file, decoder)
    if scanner.next_character() != "{":
        line = scanner.line_at(scanner.start)
        yield VALUE, None, line, scanner.value()
    else:
        scanner.start += 1
        yield from _members(scanner)
    if scanner.next_character():
        scanner.fail("Extra data")


def _members(scanner):
    if scanner.next_character() == "}":
        scanner.start += 1
        return
    while True:
        if scanner.next_character() != '"':
            scanner.fail("Expecting property name enclosed in double quotes")
        line = scanner.line_at(scanner.start)
        key = scanner.value()
        scanner.expect(":", "Expecting ':' delimiter")
        if scanner.next_character() == "[":
            scanner.start += 1
            yield LIST, key, line, None
            yield from ((ENTRY, key, entry_line, entry) for entry_line, entry in _entries(scanner))
        else:
            yield VALUE, key, line, scanner.value()
        if scanner.expect(",}", "Expecting ',' delimiter") == "}":
            return


def _entries(scanner):
    if scanner.next_character() == "]":
        scanner.start += 1
        return
    while True:
        if not scanner.next_character():
            scanner.fail("Expecting value")
        line = scanner.line_at(scanner.start)
        yield line, scanner.value()
        if scanner.expect(",]", "Expecting ',' delimiter") == "]":
            return
