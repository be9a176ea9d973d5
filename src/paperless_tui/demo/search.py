"""Full-text query language of the demo server: parse user input, then compile it to safe SQL + FTS5.

The syntax follows what Paperless-ngx 3.0.5 accepts in `query=`: words (default OR), `"phrases"`,
`AND`/`OR`/`NOT`, `-word`, parentheses, prefix wildcards `inv*`, field prefixes (`title:`, `content:`,
`correspondent:`, `type:`, `tag:`, `notes:`, `path:`, `custom_fields:`, `asn:`, `created:`, `added:`,
`modified:` and custom field names), dates (`2024`, `2024-03`, `[2024-01-01 to 2024-03-31]`, `today`,
`[-1 week to now]`). Anything it cannot parse raises `QuerySyntaxError`.

User text never reaches FTS5 unparsed: every term becomes a double-quoted FTS5 string (quotes doubled) and
every other value a bound SQL parameter.
"""

# SQL is assembled only from constant fragments and `?` placeholders; values are always bound.
# ruff: noqa: S608

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, timedelta
from typing import Any

TEXT_COLUMNS = {
    "title": "title",
    "content": "content",
    "correspondent": "correspondent",
    "type": "type",
    "document_type": "type",
    "tag": "tags",
    "tags": "tags",
    "note": "notes",
    "notes": "notes",
    "path": "path",
    "storage_path": "path",
    "custom_fields": "custom_fields",
}
DEFAULT_COLUMNS = ("title", "content", "correspondent", "type", "tags", "notes", "custom_fields")
DATE_FIELDS = {"created": "created", "added": "added", "modified": "modified"}
NUMBER_FIELDS = {"asn": "archive_serial_number", "archive_serial_number": "archive_serial_number"}
MAX_QUERY = 2000
MAX_NODES = 200


class QuerySyntaxError(ValueError):
    """The query cannot be parsed (answered as 400 text/html by the view)."""


@dataclass
class Term:
    field: str | None
    text: str
    phrase: bool = False
    prefix: bool = False


@dataclass
class Range:
    field: str
    low: str | None
    high: str | None


@dataclass
class MatchAll:
    pass


@dataclass
class Not:
    child: Any


@dataclass
class BoolOp:
    op: str  # "AND" | "OR"
    children: list[Any]


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TOKEN = re.compile(r'\s+|[-+]?\(|\)|[-+]?"[^"]*"(?:~\d+)?|[-+]?"[^"]*|\[[^\]]*\]?|[^\s()"\[]+')
"""A query's tokens: a `-` or `+` joined to the group or phrase it starts (`-"max mustermann"`, `-(a b)`), as
tantivy reads it, not a word of its own."""


def _tokens(query: str) -> list[str]:
    out = []
    pos = 0
    while pos < len(query):
        match = _TOKEN.match(query, pos)
        if not match:  # a lone "[" etc.
            raise QuerySyntaxError(query)
        tok = match.group(0)
        pos = match.end()
        if not tok.isspace():
            out.append(tok)
    return out


class _Parser:
    def __init__(self, query: str, custom_fields: dict[str, Any]) -> None:
        query = _CONTROL.sub(" ", query)[:MAX_QUERY]
        self.toks = _tokens(query)
        self.pos = 0
        self.custom_fields = custom_fields
        self.nodes = 0

    def peek(self) -> str | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def take(self) -> str:
        tok = self.peek()
        if tok is None:
            raise QuerySyntaxError("unexpected end")
        self.pos += 1
        return tok

    def parse(self) -> Any:
        if not self.toks:
            raise QuerySyntaxError("empty")
        node = self.or_expr()
        if self.peek() is not None:
            raise QuerySyntaxError(f"unexpected {self.peek()!r}")
        return node

    def or_expr(self) -> Any:
        items = [self.and_expr()]
        while (tok := self.peek()) is not None and tok != ")":
            if tok == "OR":
                self.take()
            items.append(self.and_expr())
        if len(items) == 1:
            return items[0]
        # As in Lucene-style parsers, negated clauses of a sequence exclude: "a b NOT c" = (a OR b) AND NOT c.
        positive = [i for i in items if not isinstance(i, Not)]
        negative = [i for i in items if isinstance(i, Not)]
        if not negative:
            return BoolOp("OR", items)
        base: Any = MatchAll()
        if positive:
            base = positive[0] if len(positive) == 1 else BoolOp("OR", positive)
        return BoolOp("AND", [base, *negative])

    def and_expr(self) -> Any:
        items = [self.unary()]
        while self.peek() == "AND":
            self.take()
            items.append(self.unary())
        return items[0] if len(items) == 1 else BoolOp("AND", items)

    def unary(self) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise QuerySyntaxError("too complex")
        tok = self.peek()
        if tok == "NOT":
            self.take()
            return Not(self.unary())
        if tok is not None and tok.startswith("-") and len(tok) > 1:
            self.toks[self.pos] = tok[1:]
            return Not(self.atom())
        if tok is not None and tok.startswith("+") and len(tok) > 1:
            self.toks[self.pos] = tok[1:]
        return self.atom()

    def atom(self) -> Any:
        tok = self.take()
        if tok in ("AND", "OR", "NOT", ")"):
            raise QuerySyntaxError(f"unexpected {tok}")
        if tok == "(":
            node = self.or_expr()
            if self.take() != ")":
                raise QuerySyntaxError("unclosed")
            return node
        if tok.startswith('"'):
            return self.phrase(None, tok)
        if tok.startswith("["):
            raise QuerySyntaxError("range without field")
        if ":" in tok:
            name, _, rest = tok.partition(":")
            return self.fielded(name, rest)
        return self.word(None, tok)

    def phrase(self, field: str | None, tok: str) -> Term:
        tok = re.sub(r'"~\d+$', '"', tok)  # proximity slop: matched as the exact phrase
        if len(tok) < 2 or not tok.endswith('"'):
            raise QuerySyntaxError("unterminated phrase")
        return Term(field, tok[1:-1], phrase=True)

    def word(self, field: str | None, tok: str) -> Any:
        tok = re.sub(r"~\d*$", "", tok)  # fuzzy suffix: matched as the exact term
        if tok == "*":
            return MatchAll() if field is None else Term(field, "", prefix=True)
        prefix = tok.endswith("*")
        text = tok.replace("*", "").replace("?", "")
        if not text:
            raise QuerySyntaxError("empty term")
        return Term(field, text, prefix=prefix)

    def fielded(self, name: str, rest: str) -> Any:
        key = name.lower()
        if key in TEXT_COLUMNS:
            field = TEXT_COLUMNS[key]
        elif key in DATE_FIELDS or key in NUMBER_FIELDS:
            field = key
        elif key in self.custom_fields:
            field = f"cf:{key}"
        else:
            raise QuerySyntaxError(f"unknown field {name!r}")
        if rest == "":
            nxt = self.peek()
            if nxt == "(":
                self.take()
                node = self._with_field(self.or_expr(), field)
                if self.take() != ")":
                    raise QuerySyntaxError("unclosed")
                return node
            if nxt is not None and (nxt.startswith("[") or nxt.startswith('"')):
                rest = self.take()
            else:
                raise QuerySyntaxError("field without value")
        if ":" in rest and not rest.startswith(("[", '"')) and field not in DATE_FIELDS:
            raise QuerySyntaxError("nested field")
        if rest.startswith("["):
            if not rest.endswith("]"):
                raise QuerySyntaxError("unclosed range")
            parts = re.split(r"\s+to\s+", rest[1:-1].strip(), flags=re.IGNORECASE)
            if len(parts) != 2:
                raise QuerySyntaxError("bad range")
            low, high = (None if p.strip() in ("", "*") else p.strip() for p in parts)
            if field not in DATE_FIELDS and field not in NUMBER_FIELDS:
                raise QuerySyntaxError("range on text field")
            return Range(field, low, high)
        if field in DATE_FIELDS or field in NUMBER_FIELDS:
            return Range(field, rest, rest)
        if rest.startswith('"'):
            return self.phrase(field, rest)
        return self.word(field, rest)

    def _with_field(self, node: Any, field: str) -> Any:
        if isinstance(node, Term):
            if node.field is not None:
                raise QuerySyntaxError("nested field")
            if field in DATE_FIELDS or field in NUMBER_FIELDS:
                return Range(field, node.text, node.text)
            node.field = field
            return node
        if isinstance(node, Not):
            return Not(self._with_field(node.child, field))
        if isinstance(node, BoolOp):
            return BoolOp(node.op, [self._with_field(c, field) for c in node.children])
        raise QuerySyntaxError("bad group")


def parse_query(query: str, custom_fields: dict[str, Any] | None = None) -> Any:
    """Parse `query` into a small AST; `custom_fields` maps lower-case field names to field dicts."""
    return _Parser(query, custom_fields or {}).parse()


def custom_field_names(fields: dict[int, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out = {}
    for field in fields.values():
        name = str(field.get("name", "")).lower()
        out[name.replace(" ", "_")] = field
        if " " not in name:
            out[name] = field
    return out


# ---------------------------------------------------------------------- compiling
def fold(text: str) -> str:
    """Lower case without diacritics, as the FTS5 unicode61 tokenizer sees text."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def fts_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def fts_term(term: Term) -> str | None:
    """An FTS5 expression for a text leaf, or None when it can match nothing (no word characters)."""
    toks = words(term.text)
    if not toks:
        return None
    body = fts_string(" ".join(toks))
    if term.prefix:
        body += " *"
    cols = [term.field] if term.field else list(DEFAULT_COLUMNS)
    return "{" + " ".join(cols) + "} : " + body


_REL = re.compile(r"^-?\s*(\d+)\s*(day|week|month|year)s?$", re.IGNORECASE)


def parse_date_bound(value: str | None, *, upper: bool, today: date) -> date | None:
    if value is None:
        return None
    low = value.strip().lower()
    if low in ("now", "today"):
        return today
    if low == "yesterday":
        return today - timedelta(days=1)
    rel = _REL.match(low)
    if rel:
        n, unit = int(rel.group(1)), rel.group(2).lower()
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * n
        return today - timedelta(days=days)
    compact = low.replace("-", "")
    try:
        if re.fullmatch(r"\d{4}", compact):
            return date(int(compact), 12, 31) if upper else date(int(compact), 1, 1)
        if re.fullmatch(r"\d{6}", compact):
            year, month = int(compact[:4]), int(compact[4:])
            if upper:
                nxt = date(year + (month == 12), month % 12 + 1, 1)
                return nxt - timedelta(days=1)
            return date(year, month, 1)
        if re.fullmatch(r"\d{8}", compact):
            return date(int(compact[:4]), int(compact[4:6]), int(compact[6:]))
    except ValueError:
        raise QuerySyntaxError(f"bad date {value!r}") from None
    raise QuerySyntaxError(f"bad date {value!r}")


@dataclass
class Compiled:
    sql: str
    params: list[Any]
    score_expr: str | None  # FTS5 expression of all positive text leaves (for bm25 and highlights)
    match_all: bool = False
    pure_text: bool = False  # only text leaves joined by OR: the FTS matches of score_expr are the hits
    terms: list[Term] = dataclass_field(default_factory=list)  # positive text leaves, for highlighting
    match_expr: str | None = None
    """One FTS5 expression whose matches are exactly the hits, when the query is text leaves under AND, OR
    and AND NOT only (no date, number or custom-field leaf, no bare NOT): FTS5 then finds the hits itself.
    Its bm25 equals that of `score_expr` on every hit (a negated phrase has no instance in a hit)."""
    negated_match: str | None = None
    """For a bare NOT of such a query: the FTS5 expression of what it leaves out (its hits are counted as
    the list's count less that expression's)."""
    others: Compiled | None = None
    """For an OR of bare text words and leaves that hold no text to score (a date, a number, a custom
    field): those other leaves, compiled alone. The hits are then the words' matches (`score_expr`, each
    scored by bm25) and the others' rows that are not among them (each scored 1.0)."""


def compile_query(node: Any, custom_fields: dict[str, Any], today: date) -> Compiled:
    positive: list[str] = []
    terms: list[Term] = []
    params: list[Any] = []
    flags = {"all": False, "pure": True}

    def rec(n: Any, negated: bool) -> str:
        if isinstance(n, MatchAll):
            flags["all"] = True
            flags["pure"] = False
            return "1"
        if isinstance(n, Not):
            flags["pure"] = False
            return f"NOT ({rec(n.child, not negated)})"
        if isinstance(n, BoolOp):
            if n.op != "OR":
                flags["pure"] = False
            return "(" + f" {n.op} ".join(rec(c, negated) for c in n.children) + ")"
        if isinstance(n, Range):
            flags["pure"] = False
            return range_sql(n)
        if isinstance(n, Term):
            if n.field and n.field.startswith("cf:"):
                flags["pure"] = False
                return cf_sql(n)
            if n.field is not None and n.text == "" and n.prefix:
                flags["pure"] = False
                return "1"
            expr = fts_term(n)
            if expr is None:
                return "0"
            if not negated:
                positive.append(expr)
                terms.append(n)
            params.append(expr)
            return "d.id IN (SELECT rowid FROM fts WHERE fts MATCH ?)"
        raise QuerySyntaxError("bad node")

    def range_sql(n: Range) -> str:
        if n.field in NUMBER_FIELDS:
            col = NUMBER_FIELDS[n.field]
            conds = []
            for bound, op in ((n.low, ">="), (n.high, "<=")):
                if bound is None:
                    continue
                if not re.fullmatch(r"\d{1,12}", bound):
                    raise QuerySyntaxError("bad number")
                conds.append(f"d.{col} {op} ?")
                params.append(int(bound))
            return "(" + " AND ".join(conds) + ")" if conds else f"d.{col} IS NOT NULL"
        col = DATE_FIELDS[n.field]
        low = parse_date_bound(n.low, upper=False, today=today)
        high = parse_date_bound(n.high, upper=True, today=today)
        # The stored values start with their local date, so a date range is a range of strings, which the
        # index on `created` answers (a day's end: below the next day).
        conds = []
        if low is not None:
            conds.append(f"d.{col} >= ?")
            params.append(low.isoformat())
        if high is not None and high < date.max:
            conds.append(f"d.{col} < ?")
            params.append((high + timedelta(days=1)).isoformat())
        return "(" + " AND ".join(conds) + ")" if conds else "1"

    def cf_sql(n: Term) -> str:
        field = custom_fields[n.field[3:]]  # type: ignore[index]
        needle = fold(n.text)
        values = [needle]
        if field.get("data_type") == "select":
            for option in (field.get("extra_data") or {}).get("select_options") or []:
                if fold(str(option.get("label", ""))).startswith(needle):
                    values.append(fold(str(option.get("id"))))
        conds = []
        for value in values:
            escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            conds.append("lower(c.txt) LIKE ? ESCAPE '\\'")
            params.append(f"%{escaped}%")
        return (
            f"EXISTS (SELECT 1 FROM doc_cf c WHERE c.doc = d.id AND c.field = {int(field['id'])} "
            f"AND ({' OR '.join(conds)}))"
        )

    sql = rec(node, False)
    score = " OR ".join(f"({p})" for p in positive) if positive else None
    pure = flags["pure"] and score is not None
    match = fts_expression(node)
    negated = fts_expression(node.child) if isinstance(node, Not) else None
    compiled = Compiled(sql, params, score, flags["all"], pure, terms, score if pure else match, negated)
    if match is None and score is not None and isinstance(node, BoolOp) and node.op == "OR":
        others = [c for c in node.children if not (isinstance(c, Term) and fts_expression(c) is not None)]
        if others and len(others) < len(node.children):
            rest = compile_query(
                others[0] if len(others) == 1 else BoolOp("OR", others), custom_fields, today
            )
            if rest.score_expr is None:  # no text of their own to score
                compiled.others = rest
    return compiled


def fts_expression(node: Any) -> str | None:
    """The FTS5 expression that matches exactly what `node` does, or None when FTS5 cannot say it alone
    (a range, a custom field, a word-less leaf, a NOT that is not the right side of an AND)."""
    if isinstance(node, Term):
        if (node.field and node.field.startswith("cf:")) or (node.field is not None and node.text == ""):
            return None
        return fts_term(node)
    if not isinstance(node, BoolOp):
        return None
    if node.op == "OR":
        parts = [None if isinstance(c, Not) else fts_expression(c) for c in node.children]
        if not parts or None in parts:
            return None
        return "(" + " OR ".join(f"({p})" for p in parts) + ")"
    positive = [fts_expression(c) for c in node.children if not isinstance(c, Not)]
    negative = [fts_expression(c.child) for c in node.children if isinstance(c, Not)]
    if not positive or None in positive or None in negative:
        return None
    body = "(" + " AND ".join(f"({p})" for p in positive) + ")"
    return "(" + body + "".join(f" NOT ({n})" for n in negative) + ")"


# ---------------------------------------------------------------------- highlighting
_FOLDED: dict[str, str] = {}


def _fold_char(ch: str) -> str:
    folded = _FOLDED.get(ch)
    if folded is None:
        base = "".join(c for c in unicodedata.normalize("NFKD", ch.lower()) if not unicodedata.combining(c))
        folded = _FOLDED[ch] = base[:1] or ch
    return folded


_FOLD_TABLE: dict[int, str] = {code: chr(code).lower() for code in range(ord("A"), ord("Z") + 1)}
"""`str.translate` table of `fold_in_place`: ASCII capitals and every non-ASCII character seen so far."""
_ASCII = frozenset(chr(code) for code in range(128))
_FOLD_KNOWN: set[str] = set(_ASCII)


def fold_in_place(text: str) -> str:
    """`fold()` one character for one character, so match positions are positions in `text`."""
    lowered = text.lower()
    if text.isascii():
        return lowered
    if len(lowered) == len(text) and "\u03a3" not in text:  # (capital sigma lowers by context)
        # A letter's own lower case, then each distinct non-ASCII letter replaced: a few C passes.
        for ch in set(lowered).difference(_ASCII):
            folded = _fold_char(ch)
            if folded != ch:
                lowered = lowered.replace(ch, folded)
        return lowered
    for ch in set(text).difference(_FOLD_KNOWN):  # one table lookup per character, in C
        _FOLD_TABLE[ord(ch)] = _fold_char(ch)
        _FOLD_KNOWN.add(ch)
    return text.translate(_FOLD_TABLE)


@dataclass(frozen=True)
class Marker:
    """How `highlight` finds a query's matches in a column's folded text."""

    pattern: re.Pattern[str]
    firsts: tuple[str, ...]  # each alternative's first word: every match starts with one of them


def highlighter(terms: list[Term], column: str) -> Marker | None:
    """A regex over folded text matching the terms that apply to `column` (None: nothing to mark)."""
    alternatives, firsts = [], []
    for term in terms:
        if term.field not in (None, column):
            continue
        toks = words(term.text)
        if toks:
            body = r"\W+".join(re.escape(t) for t in toks)
            alternatives.append(rf"(?<!\w){body}" + (r"\w*" if term.prefix else r"(?!\w)"))
            firsts.append(toks[0])
    return Marker(re.compile("|".join(alternatives)), tuple(firsts)) if alternatives else None


def highlight(text: str, marker: Marker | None, width: int = 180) -> str:
    """A fragment of `text` around the first match with every match in `<b>` tags (markup escaped);
    "" when nothing matches. The regex starts where the first of its words first occurs (a search for a
    plain string runs in C, a regex with look-behinds per character: 10 ms for the long documents of a
    last page of 100)."""
    if marker is None or not text:
        return ""
    folded = fold_in_place(text)
    found = [at for at in (folded.find(word) for word in marker.firsts) if at >= 0]
    if not found:
        return ""
    pattern = marker.pattern
    first = pattern.search(folded, min(found))
    if first is None:
        return ""
    start = 0 if first.start() < width // 2 else text.rfind(" ", 0, first.start() - 30) + 1
    end = min(len(text), start + width)
    space = text.find(" ", end)
    end = len(text) if space == -1 or space - end > 20 else space
    parts = []
    pos = start
    for match in pattern.finditer(folded, start, end):
        parts.append(_escape(text[pos : match.start()]))
        parts.append(f"<b>{_escape(text[match.start() : match.end()])}</b>")
        pos = match.end()
    parts.append(_escape(text[pos:end]))
    return "".join(parts).strip()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
