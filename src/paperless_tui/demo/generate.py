"""Deterministic generator of the demo archive the built-in demo server serves.

`generate_archive(seed=..., docs=...)` returns a `DemoArchive`: lists of plain JSON-able dicts in the shapes
agreed in INTERFACES.md (close to what a real Paperless-ngx 3.0.5 returns, see
`shared/paperless-api/samples/`). Everything derives from one `random.Random(seed)`; no global state, no I/O,
no rendering (files are made lazily by `render.py`), so 10,000 documents take a few seconds.

Notes for consumers:
* `docs` counts the visible documents; the rotated document's hidden second version is an extra document
  (id `docs + 1`, `root_document` set), as the real server gives versions their own ids.
* Custom-field `extra_data` follows the real server: `None` for plain types, `{"default_currency": "EUR"}`
  for monetary, `{"select_options": [{id, label}]}` for select.
* Saved views have the 3.0.5 API shape (no show_on_dashboard/show_in_sidebar; those live in
  `ui_settings["saved_views"]`).
"""

from __future__ import annotations

import datetime as dt
import random
import string
import uuid
from dataclasses import dataclass, field
from typing import Any

from paperless_tui.demo.corpus import entities as E
from paperless_tui.demo.corpus import texts as T

_OFFSET = dt.timedelta(hours=1)
TZ = dt.timezone(_OFFSET)
# The archive's "now": fixed so that output is identical whenever it is generated.
NOW = dt.datetime(2026, 11, 26, 17, 45, 12, 318204, tzinfo=TZ)
FIRST_CREATED = dt.date(2019, 1, 1)
LAST_CREATED = dt.date(2026, 11, 10)
ADMIN, BOB = 1, 2
FAMILY_GROUP = 1

Json = dict[str, Any]


@dataclass
class DemoArchive:
    """The whole demo archive as plain JSON-able data; every list is ordered by id (1-based, dense)."""

    users: list[Json] = field(default_factory=list)
    groups: list[Json] = field(default_factory=list)
    correspondents: list[Json] = field(default_factory=list)
    document_types: list[Json] = field(default_factory=list)
    tags: list[Json] = field(default_factory=list)
    storage_paths: list[Json] = field(default_factory=list)
    custom_fields: list[Json] = field(default_factory=list)
    documents: list[Json] = field(default_factory=list)
    notes: list[Json] = field(default_factory=list)
    share_links: list[Json] = field(default_factory=list)
    history: list[Json] = field(default_factory=list)
    saved_views: list[Json] = field(default_factory=list)
    tasks: list[Json] = field(default_factory=list)
    ui_settings: Json = field(default_factory=dict)


# kind, text builder, document type key, correspondent keys, weight
KINDS: tuple[tuple[str, Any, str, tuple[str, ...], int], ...] = (
    (
        "invoice",
        T.invoice,
        "invoice",
        ("stadtwerke", "telekom", "hetzner", "amazon", "acme", "garage", "dentist"),
        28,
    ),
    ("receipt", T.receipt, "receipt", ("rewe", "aldi", "dm", "pharmacy", "bauhaus"), 18),
    ("statement", T.bank_statement, "statement", ("sparkasse", "n26"), 12),
    ("payslip", T.payslip, "payslip", ("employer",), 9),
    ("insurance", T.insurance, "insurance", ("allianz", "huk"), 7),
    ("tax", T.tax, "tax", ("finanzamt",), 4),
    ("wage_tax", T.wage_tax_certificate, "tax", ("employer",), 2),
    ("letter", T.letter, "letter", ("landlord", "pension", "city", "telekom", "sparkasse"), 12),
    ("contract", T.contract, "contract", ("landlord", "telekom", "gym", "employer"), 8),
)
KIND_WEIGHTS = [k[4] for k in KINDS]

# tags a document gets from its correspondent (besides kind-specific ones)
CORR_TAGS: dict[str, tuple[str, ...]] = {
    "stadtwerke": ("utilities",),
    "telekom": ("utilities",),
    "hetzner": ("work",),
    "amazon": ("shopping",),
    "acme": ("work",),
    "garage": ("car",),
    "dentist": ("health",),
    "pharmacy": ("health",),
    "rewe": ("shopping",),
    "aldi": ("shopping",),
    "dm": ("shopping",),
    "bauhaus": ("shopping", "housing"),
    "sparkasse": ("banking",),
    "n26": ("banking",),
    "employer": ("work",),
    "allianz": ("insurance",),
    "huk": ("insurance", "car"),
    "finanzamt": ("tax",),
    "landlord": ("housing",),
    "pension": ("finance",),
    "city": (),
    "gym": ("health",),
}
KIND_TAGS: dict[str, tuple[str, ...]] = {
    "payslip": ("salary",),
    "wage_tax": ("tax", "salary"),
    "statement": ("finance",),
    "tax": ("finance",),
}
KIND_PATH: dict[str, str] = {
    "invoice": "finance",
    "statement": "finance",
    "tax": "finance",
    "wage_tax": "work",
    "payslip": "work",
    "insurance": "personal",
    "contract": "personal",
}

NOTE_TEXTS_EN = (
    "Paid via online banking, ref {ref}.",
    "Checked by {user} on {date}.",
    "Forwarded to the tax advisor on {date}.",
    "Original filed in folder {folder}.",
    "Amount {amount} matches the bank statement.",
    "Call back about this before {date}.",
)
NOTE_TEXTS_DE = (
    "Bezahlt per Ueberweisung am {date}, Verwendungszweck {ref}.",
    "Geprueft von {user} am {date}.",
    "Original abgeheftet in Ordner {folder}.",
    "Einspruch eingelegt am {date}.",
    "Betrag {amount} stimmt mit dem Kontoauszug ueberein.",
    "Bitte bis {date} klaeren.",
)

BOB_PERMISSIONS = [
    f"{action}_{model}"
    for model in (
        "document",
        "tag",
        "correspondent",
        "documenttype",
        "storagepath",
        "savedview",
        "note",
        "sharelink",
    )
    for action in ("view", "add", "change", "delete")
] + ["view_customfield", "view_paperlesstask", "view_uisettings", "change_uisettings", "add_uisettings"]
FAMILY_PERMISSIONS = ["view_document", "view_tag", "view_correspondent", "view_documenttype", "view_note"]

TASK_TYPE_DISPLAY = {
    "consume_file": "Consume File",
    "train_classifier": "Train Classifier",
    "sanity_check": "Sanity Check",
    "index_optimize": "Index Optimize",
    "bulk_update": "Bulk Update",
    "empty_trash": "Empty Trash",
}
TRIGGER_DISPLAY = {
    "scheduled": "Scheduled",
    "web_ui": "Web UI",
    "api_upload": "API Upload",
    "folder_consume": "Folder Consume",
    "email_consume": "Email Consume",
    "system": "System",
    "manual": "Manual",
}

_SLUG_ALPHABET = string.ascii_letters + string.digits


# ---------------------------------------------------------------- small helpers


def iso(moment: dt.datetime) -> str:
    """Server-TZ timestamp as Paperless writes it: '2026-11-27T03:33:53.135653+01:00'."""
    return moment.isoformat(timespec="microseconds")


def iso_utc(moment: dt.datetime) -> str:
    """UTC timestamp with 'Z' as history/version timestamps: '2026-11-27T02:33:53.135653Z'."""
    if moment.utcoffset() == _OFFSET:  # the common case, without the cost of astimezone()
        return (moment.replace(tzinfo=None) - _OFFSET).isoformat(timespec="microseconds") + "Z"
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def token(rng: random.Random, length: int) -> str:
    return "".join(rng.choices(_SLUG_ALPHABET, k=length))


def task_uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def slugify(name: str) -> str:
    out = []
    for ch in name.lower():
        if ch.isalnum() and ch.isascii():
            out.append(ch)
        elif ch in "äöüß":
            out.append({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"}[ch])
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")


def _perm(
    owner: int | None, view_users: list[int] | None = None, change_users: list[int] | None = None
) -> Json:
    return {
        "owner": owner,
        "view_users": list(view_users or []),
        "view_groups": [],
        "change_users": list(change_users or []),
        "change_groups": [],
    }


# ---------------------------------------------------------------- the generator


class _Builder:
    def __init__(self, seed: int, docs: int) -> None:
        self.rng = random.Random(seed)
        self.docs_wanted = max(0, docs)
        self.a = DemoArchive()
        self.corr_id: dict[str, int] = {}
        self.corr_info: dict[str, T.Correspondent] = {}
        self.corr_lang: dict[str, str] = {}
        self.type_id: dict[str, int] = {}
        self.tag_id: dict[str, int] = {}
        self.tag_name: dict[int, str] = {}
        self.path_id: dict[str, int] = {}
        self.field_id: dict[str, int] = {}
        self.field_name: dict[int, str] = {}
        self.select_ids: dict[str, str] = {}
        self.own_iban = T.iban(self.rng, "37040044")
        # per document: list of (timestamp, action, changes, actor) before ids are assigned
        self.pending_history: list[tuple[dt.datetime, int, str, Any, int | None]] = []
        self.kind_of: dict[int, str] = {}
        self.rotated: tuple[Json, Json, dt.datetime] | None = None
        self.views_visible: tuple[dict[int, list[int]], dict[int, list[int]]] = ({}, {})

    # ------------------------------------------------------------ metadata

    def users_and_groups(self) -> None:
        a = self.a
        a.groups.append({"id": FAMILY_GROUP, "name": "Family", "permissions": list(FAMILY_PERMISSIONS)})
        a.users.append(
            {
                "id": ADMIN,
                "username": "admin",
                "password": "admin",
                "first_name": "",
                "last_name": "",
                "email": "admin@example.com",
                "is_superuser": True,
                "is_staff": True,
                "is_active": True,
                "date_joined": iso(dt.datetime(2023, 2, 4, 9, 12, 44, 860494, tzinfo=TZ)),
                "groups": [],
                "user_permissions": [],
            }
        )
        a.users.append(
            {
                "id": BOB,
                "username": "bob",
                "password": "bob",
                "first_name": "Bob",
                "last_name": "Becker",
                "email": "bob@example.com",
                "is_superuser": False,
                "is_staff": False,
                "is_active": True,
                "date_joined": iso(dt.datetime(2024, 6, 17, 18, 3, 9, 352162, tzinfo=TZ)),
                "groups": [FAMILY_GROUP],
                "user_permissions": list(BOB_PERMISSIONS),
            }
        )

    def matching_objects(self) -> None:
        a = self.a
        private = {
            "employer",
            "payslip",
            "salary",
            "work",
        }  # admin keeps these to himself (bob cannot see them)
        for i, (key, name, lang, match, algo, street, city, web) in enumerate(E.CORRESPONDENTS, start=1):
            self.corr_id[key] = i
            self.corr_info[key] = T.Correspondent(key, name, street, city, web)
            self.corr_lang[key] = lang
            a.correspondents.append(
                {
                    "id": i,
                    "name": name,
                    "slug": slugify(name),
                    "match": match,
                    "matching_algorithm": algo,
                    "is_insensitive": True,
                    **_perm(ADMIN, [] if key in private else [BOB]),
                }
            )
        for i, (key, name, match, algo) in enumerate(E.DOCUMENT_TYPES, start=1):
            self.type_id[key] = i
            a.document_types.append(
                {
                    "id": i,
                    "name": name,
                    "slug": slugify(name),
                    "match": match,
                    "matching_algorithm": algo,
                    "is_insensitive": True,
                    **_perm(ADMIN, [] if key in private else [BOB]),
                }
            )
        for i, (key, name, *_rest) in enumerate(E.TAGS, start=1):
            self.tag_id[key] = i
            self.tag_name[i] = name
        for i, (key, name, color, match, algo, parent, inbox) in enumerate(E.TAGS, start=1):
            a.tags.append(
                {
                    "id": i,
                    "name": name,
                    "slug": slugify(name),
                    "color": color,
                    "match": match,
                    "matching_algorithm": algo,
                    "is_insensitive": True,
                    "is_inbox_tag": inbox,
                    "parent": self.tag_id[parent] if parent else None,
                    **_perm(ADMIN, [] if key in private else [BOB]),
                }
            )
        for i, (key, name, path) in enumerate(E.STORAGE_PATHS, start=1):
            self.path_id[key] = i
            a.storage_paths.append(
                {
                    "id": i,
                    "name": name,
                    "slug": slugify(name),
                    "path": path,
                    "match": "",
                    "matching_algorithm": E.NONE,
                    "is_insensitive": True,
                    **_perm(ADMIN, [] if key in private else [BOB]),
                }
            )
        for i, (key, name, data_type) in enumerate(E.CUSTOM_FIELDS, start=1):
            self.field_id[key] = i
            self.field_name[i] = name
            extra: Json | None = None
            if data_type == "monetary":
                extra = {"default_currency": "EUR"}
            elif data_type == "select":
                options = [{"id": token(self.rng, 16), "label": label} for label in E.PAYMENT_STATUS_LABELS]
                self.select_ids = {o["label"]: o["id"] for o in options}
                extra = {"select_options": options}
            a.custom_fields.append({"id": i, "name": name, "data_type": data_type, "extra_data": extra})

    # ------------------------------------------------------------ documents

    def plan(self) -> list[tuple[int, str, str, dt.date, dt.datetime]]:
        """Pick kind, correspondent, language, created and added for every document; sort by added."""
        rng = self.rng
        span = (LAST_CREATED - FIRST_CREATED).days
        plans = []
        for kind_index in rng.choices(range(len(KINDS)), weights=KIND_WEIGHTS, k=self.docs_wanted):
            kind = KINDS[kind_index]
            corr = rng.choice(kind[3])
            lang = self.corr_lang[corr]
            if lang == "mixed":
                lang = "de" if rng.random() < 0.5 else "en"
            created = FIRST_CREATED + dt.timedelta(days=rng.randrange(span))
            if kind[0] in ("payslip", "statement"):
                created = created.replace(day=28)
                if created > LAST_CREATED:  # month-end documents of the current month do not exist yet
                    created = (created.replace(day=1) - dt.timedelta(days=1)).replace(day=28)
            elif kind[0] in ("tax", "wage_tax"):
                created = created.replace(month=rng.choice((3, 4, 5, 6, 9)), day=min(created.day, 28))
            added = dt.datetime.combine(created, dt.time(), TZ) + dt.timedelta(
                days=rng.randint(1, 21),
                seconds=rng.randrange(7 * 3600, 22 * 3600),
                microseconds=rng.randrange(1, 10**6),
            )
            if added > NOW - dt.timedelta(hours=2):
                added = NOW - dt.timedelta(hours=2, seconds=rng.randrange(3 * 86400))
            plans.append((kind_index, corr, lang, created, added))
        plans.sort(key=lambda p: p[4])
        return plans

    def documents(self) -> None:
        rng = self.rng
        inbox_since = NOW - dt.timedelta(days=40)
        last_by_corr: dict[str, int] = {}
        asn = 1000
        for doc_id, (kind_index, corr_key, lang, created, added) in enumerate(self.plan(), start=1):
            kind_name, builder, type_key, _corrs, _w = KINDS[kind_index]
            ctx = T.Ctx(rng, self.corr_info[corr_key], lang, created, self.own_iban)
            text = builder(ctx)
            tags = [self.tag_id[t] for t in CORR_TAGS[corr_key] + KIND_TAGS.get(kind_name, ())]
            if added >= inbox_since or rng.random() < 0.03:
                tags.insert(0, self.tag_id["inbox"])
            roll = rng.random()
            if roll < 0.03:
                tags.append(self.tag_id["important"])
            elif roll < 0.07:
                tags.append(self.tag_id["to-do"])
            if kind_name == "statement" and corr_key == "n26" and rng.random() < 0.4:
                tags.append(self.tag_id["credit-card"])
            tags = list(dict.fromkeys(tags))

            # file format: receipts are phone/scanner images, some letters and invoices are scanned PDFs
            if kind_name == "receipt":
                ext = "png" if rng.random() < 0.6 else "jpg"
                mime = "image/png" if ext == "png" else "image/jpeg"
                original = f"{text.title}.{ext}"
                page_count: int | None = None
                has_archive = True
            else:
                scanned = (kind_name == "letter" and rng.random() < 0.4) or rng.random() < 0.05
                mime = "application/pdf"
                lines = text.content.count("\n") + 1
                page_count = max(1, -(-lines // 44))
                has_archive = scanned
                if scanned:
                    original = f"Scan_{created.isoformat()}_{rng.randrange(80000, 180000):06d}.pdf"
                else:
                    original = f"{kind_name}_{corr_key}_{created.isoformat()}.pdf"

            # ownership: mostly admin; bob owns some; some shared with bob (view, sometimes change)
            perm_roll = rng.random()
            if perm_roll < 0.05 and kind_name in ("receipt", "contract", "invoice", "letter"):
                perms = _perm(BOB)
            elif perm_roll < 0.07:
                perms = _perm(None)
            elif perm_roll < 0.13:
                perms = _perm(ADMIN, [BOB])
            elif perm_roll < 0.17:
                perms = _perm(ADMIN, [BOB], [BOB])
            elif perm_roll < 0.19:
                perms = _perm(ADMIN)
                perms["view_groups"] = [FAMILY_GROUP]
            else:
                perms = _perm(ADMIN)
            if perms["owner"] == ADMIN and kind_name in ("payslip", "wage_tax"):
                perms = _perm(ADMIN)  # salary stays private

            storage = KIND_PATH.get(kind_name)
            if corr_key == "landlord":
                storage = "housing"
            if storage and rng.random() < 0.25:
                storage = None

            doc = {
                "id": doc_id,
                "title": text.title,
                "content": text.content,
                "correspondent": self.corr_id[corr_key],
                "document_type": self.type_id[type_key],
                "storage_path": self.path_id[storage] if storage else None,
                "tags": tags,
                "created": created.isoformat(),
                "added": iso(added),
                "modified": iso(added),
                "deleted_at": None,
                "archive_serial_number": None,
                "original_file_name": original,
                "mime_type": mime,
                "page_count": page_count,
                "has_archive_version": has_archive,
                **perms,
                "custom_fields": [],
                "language": lang,
                "rotation": 0,
                "root_document": None,
                "version_label": None,
            }
            if rng.random() < 0.35 and kind_name != "receipt":
                asn += 1
                doc["archive_serial_number"] = asn
            doc["custom_fields"] = self.field_values(doc, kind_name, text, last_by_corr.get(corr_key))
            if any(
                cf["field"] == self.field_id["payment_status"] and cf["value"] == self.select_ids["Paid"]
                for cf in doc["custom_fields"]
            ):
                doc["tags"].append(self.tag_id["paid"])
            last_by_corr[corr_key] = doc_id
            self.kind_of[doc_id] = kind_name
            self.a.documents.append(doc)
            self.document_history(doc, added, text)

    def field_values(self, doc: Json, kind: str, text: T.Text, linked: int | None) -> list[Json]:
        rng, f = self.rng, self.field_id
        values: list[Json] = []

        def put(key: str, value: Any) -> None:
            if all(v["field"] != f[key] for v in values):  # one instance per field, as the server enforces
                values.append({"field": f[key], "value": value})

        if kind == "invoice":
            put("invoice_number", text.invoice_number)
            put("amount", f"EUR{text.amount:.2f}")
            put("due_date", text.due_date.isoformat() if text.due_date and rng.random() < 0.93 else None)
            overdue = text.due_date is not None and text.due_date < NOW.date() - dt.timedelta(days=20)
            status = rng.choices(("Paid", "Open", "Overdue"), weights=(80, 12, 8 if overdue else 0))[0]
            put("payment_status", self.select_ids[status])
            if rng.random() < 0.5:
                put("customer_number", text.customer_number)
            if rng.random() < 0.6:
                put("vat_rate", float(text.vat_rate or 19.0))
            shops = (self.corr_id["hetzner"], self.corr_id["amazon"], self.corr_id["acme"])
            if doc["correspondent"] in shops and rng.random() < 0.7:
                put("website", self.corr_info[_key_of(self.corr_id, doc["correspondent"])].website)
        elif kind == "receipt":
            if rng.random() < 0.8:
                put("amount", f"EUR{text.amount:.2f}")
            if rng.random() < 0.4:
                put("payment_status", self.select_ids["Paid"])
        elif kind == "insurance":
            put("amount", f"EUR{text.amount:.2f}")
            put("invoice_number", text.invoice_number)
            put("due_date", text.due_date.isoformat() if text.due_date else None)
            if rng.random() < 0.5:
                put("website", self.corr_info[_key_of(self.corr_id, doc["correspondent"])].website)
        elif kind in ("tax", "wage_tax"):
            if text.amount:
                put("amount", f"EUR{text.amount:.2f}")
            if rng.random() < 0.6:
                put("reviewed", rng.random() < 0.7)
        elif kind == "contract":
            put("amount", f"EUR{text.amount:.2f}")
            put("invoice_number", text.invoice_number)
            if rng.random() < 0.6:
                put(
                    "remarks",
                    "Notice period three months to the end of a month.\n"
                    f"Minimum term ends {doc['created'][:4]}-12-31; cancel in writing (registered letter).\n"
                    "Copy of signed contract is in the blue folder.",
                )
        elif kind == "statement" and text.amount and text.amount > 0 and rng.random() < 0.5:
            put("amount", f"EUR{text.amount:.2f}")
        elif kind == "payslip" and rng.random() < 0.5:
            put("amount", f"EUR{text.amount:.2f}")
            put("customer_number", text.customer_number)
        elif kind == "letter" and text.amount and rng.random() < 0.5:
            put("amount", f"EUR{text.amount:.2f}")
        if linked is not None and rng.random() < 0.12:
            put("related", [linked])
        if kind != "tax" and rng.random() < 0.08:
            put("reviewed", rng.random() < 0.8)
        if rng.random() < 0.03:
            put(
                "remarks",
                "Scanned twice by mistake; the second copy was deleted.\nKeep until the end of the year.",
            )
        return values

    # ------------------------------------------------------------ history

    def hist(self, moment: dt.datetime, doc_id: int, action: str, changes: Any, actor: int | None) -> None:
        self.pending_history.append((moment, doc_id, action, changes, actor))

    def document_history(self, doc: Json, added: dt.datetime, text: T.Text) -> None:
        rng = self.rng
        doc_id = doc["id"]
        first_title = doc["title"]
        retitled = rng.random() < 0.15
        if retitled:
            first_title = doc["original_file_name"].rsplit(".", 1)[0]
        ms = dt.timedelta(milliseconds=4)
        self.hist(
            added + ms,
            doc_id,
            "create",
            {
                "correspondent": ["None", "None"],
                "storage_path": ["None", "None"],
                "title": ["None", first_title],
                "document_type": ["None", "None"],
                "content": ["None", doc["content"]],
                "mime_type": ["None", doc["mime_type"]],
                "page_count": ["None", str(doc["page_count"])],
                "created": ["None", doc["created"]],
                "added": ["None", iso_utc(added)[:-1].replace("T", " ")],
                "original_filename": ["None", doc["original_file_name"]],
                "root_document": ["None", "None"],
                "id": ["None", str(doc_id)],
                "deleted_at": ["None", "None"],
                "owner": ["None", "None"],
                "notes": ["None", "documents.Note.None"],
            },
            None,
        )
        assigned: Json = {}
        for key in ("correspondent", "document_type", "owner", "storage_path"):
            if doc[key] is not None:
                assigned[key] = ["None", str(doc[key])]
        if assigned:
            self.hist(added + 2 * ms, doc_id, "update", assigned, None)
        inbox = self.tag_id["inbox"]
        if inbox in doc["tags"]:
            self.hist(
                added + 3 * ms,
                doc_id,
                "update",
                {"tags": {"type": "m2m", "operation": "add", "objects": ["Inbox"]}},
                None,
            )
        others = sorted(self.tag_name[t] for t in doc["tags"] if t != inbox and t != self.tag_id["paid"])
        if others:
            self.hist(
                added + 4 * ms,
                doc_id,
                "update",
                {"tags": {"type": "m2m", "operation": "add", "objects": others}},
                None,
            )
        self.hist(added + 9 * ms, doc_id, "update", {"filename": ["None", f"{doc_id:07d}.pdf"]}, None)

        # later edits by a user, spread over the following days
        moment = added + dt.timedelta(minutes=rng.randint(3, 600), microseconds=rng.randrange(10**6))
        actor = doc["owner"] or ADMIN
        if retitled:
            self.hist(moment, doc_id, "update", {"title": [first_title, doc["title"]]}, actor)
            moment += dt.timedelta(seconds=rng.randint(5, 90))
        for cf in doc["custom_fields"]:
            value = cf["value"]
            if self.field_name[cf["field"]] == "Payment Status":
                value = next(k for k, v in self.select_ids.items() if v == value)
            self.hist(
                moment,
                doc_id,
                "create",
                {
                    "custom_fields": {
                        "type": "custom_field",
                        "field": self.field_name[cf["field"]],
                        "value": str(value),
                    }
                },
                actor,
            )
            moment += dt.timedelta(milliseconds=rng.randint(3, 9))
        if doc["archive_serial_number"] is not None:
            self.hist(
                moment,
                doc_id,
                "update",
                {"archive_serial_number": ["None", str(doc["archive_serial_number"])]},
                actor,
            )
            moment += dt.timedelta(seconds=rng.randint(1, 60))
        if self.tag_id["paid"] in doc["tags"]:
            self.hist(moment, doc_id, "update", {"tags": [self.tag_id["paid"], list(doc["tags"])]}, actor)
            moment += dt.timedelta(seconds=rng.randint(1, 60))
        if moment > NOW:
            moment = NOW - dt.timedelta(minutes=rng.randint(1, 50))
        doc["modified"] = iso(moment)

    # ------------------------------------------------------------ special documents

    def candidates(self, *, owner: int | None = ADMIN, kinds: tuple[str, ...] | None = None) -> list[Json]:
        return [
            d
            for d in self.a.documents
            if d["owner"] == owner
            and d["deleted_at"] is None
            and d["root_document"] is None
            and (kinds is None or self.kind_of.get(d["id"]) in kinds)
        ]

    def special_documents(self) -> None:
        rng = self.rng
        used: set[int] = set()

        def pick(pool: list[Json]) -> Json | None:
            pool = [d for d in pool if d["id"] not in used]
            if not pool:
                return None
            chosen = rng.choice(pool)
            used.add(chosen["id"])
            return chosen

        # --- HOSTILE-BUT-REALISTIC TEXT (for testing the UI's safety; keep these) ---------------------------
        # Rich/Textual console markup in a title: must be shown literally, never interpreted.
        doc = pick(self.candidates(kinds=("invoice",)))
        if doc:
            doc["title"] = (
                "[b]markup[/b] ACME invoice [red]overdue[/red] [link=https://evil.example]pay[/link]"
            )
        # A stray closing markup tag: an unbalanced "[/b]" makes naive markup rendering raise.
        doc = pick(self.candidates(kinds=("letter", "contract", "insurance")))
        if doc:
            doc["title"] = "Quarterly report [/b] 2024"
        # (the note with an ANSI escape sequence is added in notes())
        # ------------------------------------------------------------------------------------------------

        # trash: one admin document and one of bob's
        for owner in (ADMIN, BOB):
            doc = pick(self.candidates(owner=owner))
            if doc:
                when = NOW - dt.timedelta(days=rng.randint(2, 9), seconds=rng.randrange(86400))
                doc["deleted_at"] = iso(when)
                doc["modified"] = iso(when)

        # rotation: a scanned letter the user rotated by 90 degrees -> a hidden second version
        root = pick(self.candidates(kinds=("letter",))) or pick(self.candidates())
        if root:
            vid = len(self.a.documents) + 1
            root_added = dt.datetime.fromisoformat(root["added"])
            when = max(root_added, NOW - dt.timedelta(days=6)) + dt.timedelta(
                hours=1, microseconds=rng.randrange(10**6)
            )
            if when > NOW:
                when = NOW - dt.timedelta(minutes=30)
            version = dict(root)
            version.update(
                id=vid,
                tags=list(root["tags"]),
                custom_fields=[dict(cf) for cf in root["custom_fields"]],
                view_users=list(root["view_users"]),
                view_groups=list(root["view_groups"]),
                change_users=list(root["change_users"]),
                change_groups=list(root["change_groups"]),
                archive_serial_number=None,
                original_file_name=f"{root['id']}_rotated.pdf",
                added=iso(when),
                modified=iso(when),
                rotation=90,
                root_document=root["id"],
                version_label=None,
                mime_type="application/pdf",
                page_count=root["page_count"] or 1,
            )
            self.a.documents.append(version)
            self.kind_of[vid] = self.kind_of[root["id"]]
            root["modified"] = iso(when)
            self.hist(
                when + dt.timedelta(milliseconds=6),
                root["id"],
                "update",
                {"Version Added": ["None", vid]},
                ADMIN,
            )
            self.rotated = (root, version, when)
        else:
            self.rotated = None

    # ------------------------------------------------------------ notes, share links

    def visible_to_bob(self, doc: Json) -> bool:
        return (
            doc["owner"] in (BOB, None)
            or BOB in doc["view_users"]
            or BOB in doc["change_users"]
            or FAMILY_GROUP in doc["view_groups"]
        )

    def notes(self) -> None:
        rng = self.rng
        pending: list[tuple[dt.datetime, int, str, int]] = []
        roots = [d for d in self.a.documents if d["root_document"] is None]
        for doc in roots:
            if rng.random() >= 0.18:
                continue
            added = dt.datetime.fromisoformat(doc["added"])
            for _ in range(rng.choice((1, 1, 1, 2, 3))):
                user = BOB if self.visible_to_bob(doc) and rng.random() < 0.5 else ADMIN
                if doc["owner"] == BOB:
                    user = BOB
                pool = NOTE_TEXTS_DE if doc["language"] == "de" else NOTE_TEXTS_EN
                when = added + dt.timedelta(days=rng.randint(0, 60), seconds=rng.randrange(86400))
                if when > NOW:
                    when = NOW - dt.timedelta(seconds=rng.randrange(3600, 86400))
                amount = next(
                    (cf["value"][3:] for cf in doc["custom_fields"] if cf["field"] == 3 and cf["value"]),
                    "0.00",
                )
                text = rng.choice(pool).format(
                    ref=doc["title"].split()[-1],
                    user="admin" if user == ADMIN else "bob",
                    date=min(when.date() + dt.timedelta(days=rng.randint(0, 20)), NOW.date()).isoformat(),
                    folder=f"{doc['created'][:4]}/{rng.randint(1, 12):02d}",
                    amount=f"{amount} EUR",
                )
                pending.append((when, doc["id"], text, user))
        admin_docs = [d for d in roots if d["owner"] == ADMIN and d["deleted_at"] is None]
        if admin_docs:
            doc = rng.choice(admin_docs)
            when = dt.datetime.fromisoformat(doc["added"]) + dt.timedelta(hours=3)
            # HOSTILE-BUT-REALISTIC: a note carrying an ANSI escape sequence (pasted from a terminal).
            # The UI must never pass ESC through to the terminal.
            pending.append(
                (min(when, NOW), doc["id"], "Scanner log: \x1b[31mPAPER JAM\x1b[0m, page 2 rescanned", ADMIN)
            )
            # and an empty note, which the real server accepts
            doc = rng.choice(admin_docs)
            pending.append(
                (
                    min(dt.datetime.fromisoformat(doc["added"]) + dt.timedelta(hours=5), NOW),
                    doc["id"],
                    "",
                    ADMIN,
                )
            )
        pending.sort()
        by_id = {d["id"]: d for d in self.a.documents}
        for note_id, (when, doc_id, text, user) in enumerate(pending, start=1):
            self.a.notes.append(
                {"id": note_id, "document": doc_id, "note": text, "created": iso(when), "user": user}
            )
            self.hist(
                when + dt.timedelta(milliseconds=3), doc_id, "update", {"Note Added": ["None", note_id]}, None
            )
            doc = by_id[doc_id]
            if iso(when) > doc["modified"]:
                doc["modified"] = iso(when)

    def share_links(self) -> None:
        rng = self.rng
        pool = [
            d
            for d in self.a.documents
            if d["root_document"] is None and d["deleted_at"] is None and d["owner"]
        ]
        if not pool:
            return
        chosen = rng.sample(pool, min(len(pool), max(3, len(pool) // 25)))
        chosen.sort(key=lambda d: d["id"])
        for link_id, doc in enumerate(chosen, start=1):
            created = dt.datetime.fromisoformat(doc["added"]) + dt.timedelta(days=rng.randint(1, 90))
            if created > NOW:
                created = NOW - dt.timedelta(hours=rng.randint(1, 48))
            expiry_roll = rng.random()
            if expiry_roll < 0.5:
                expiration = None
            elif expiry_roll < 0.8:
                expiration = iso(
                    (created + dt.timedelta(days=rng.choice((7, 30, 365)))).replace(microsecond=0)
                )
            else:
                expiration = iso((NOW + dt.timedelta(days=rng.randint(30, 1500))).replace(microsecond=0))
            self.a.share_links.append(
                {
                    "id": link_id,
                    "document": doc["id"],
                    "slug": token(rng, 50),
                    "created": iso(created),
                    "expiration": expiration,
                    "file_version": "archive" if rng.random() < 0.6 else "original",
                    "owner": doc["owner"],
                }
            )

    # ------------------------------------------------------------ saved views, tasks, ui settings

    def saved_views(self) -> None:
        t, ty, c, f = self.tag_id, self.type_id, self.corr_id, self.field_id
        overdue = self.select_ids.get("Overdue", "")
        views: list[
            tuple[str, str | None, bool, list[tuple[int, str]], int | None, str | None, list[str] | None, int]
        ] = [
            ("Inbox", "added", True, [(6, str(t["inbox"]))], 25, None, None, ADMIN),
            (
                "Open invoices",
                "created",
                True,
                [(4, str(ty["invoice"])), (17, str(t["paid"]))],
                None,
                None,
                None,
                ADMIN,
            ),
            (
                "Bank statements 2024",
                "created",
                False,
                [(4, str(ty["statement"])), (9, "2023-12-31"), (8, "2025-01-01")],
                50,
                "table",
                ["title", "created", "correspondent", "asn", "custom_field_3"],
                ADMIN,
            ),
            (
                "Insurance & tax",
                "title",
                False,
                [(22, str(t["insurance"])), (22, str(t["tax"]))],
                None,
                "smallCards",
                None,
                ADMIN,
            ),
            ("Stadtwerke (full text)", "score", True, [(20, "stadtwerke rechnung")], None, None, None, ADMIN),
            (
                "Without ASN",
                "added",
                True,
                [(18, "1"), (28, f"{ty['invoice']},{ty['contract']}")],
                100,
                None,
                None,
                ADMIN,
            ),
            (
                "Overdue payments",
                "custom_field_4",
                False,
                [(42, f'["AND", [[{f["payment_status"]}, "exact", "{overdue}"]]]')],
                None,
                "table",
                ["title", "correspondent", "custom_field_3", "custom_field_4", "note"],
                ADMIN,
            ),
            (
                "Contracts (Vertrag)",
                "created",
                True,
                [(19, "Vertrag"), (27, str(c["employer"]))],
                None,
                "largeCards",
                None,
                ADMIN,
            ),
            ("Shared by me", "modified", True, [(37, "1")], None, None, None, ADMIN),
            (
                "Bob: groceries",
                "created",
                True,
                [(26, f"{c['rewe']},{c['aldi']}"), (14, "2023-01-01")],
                None,
                None,
                None,
                BOB,
            ),
        ]
        dashboard: dict[int, list[int]] = {ADMIN: [], BOB: []}
        sidebar: dict[int, list[int]] = {ADMIN: [], BOB: []}
        for view_id, (name, sort_field, reverse, rules, page_size, mode, fields, owner) in enumerate(
            views, start=1
        ):
            self.a.saved_views.append(
                {
                    "id": view_id,
                    "name": name,
                    "sort_field": sort_field,
                    "sort_reverse": reverse,
                    "filter_rules": [{"rule_type": rt, "value": value} for rt, value in rules],
                    "page_size": page_size,
                    "display_mode": mode,
                    "display_fields": fields,
                    "owner": owner,
                }
            )
            if view_id in (1, 2, 5, 7, 10):
                dashboard[owner].append(view_id)
            if view_id in (1, 2, 3, 4, 6, 10):
                sidebar[owner].append(view_id)
        self.views_visible = (dashboard, sidebar)

    def ui_settings(self) -> None:
        dashboard, sidebar = self.views_visible
        self.a.ui_settings = {
            "dark_mode": {"use_system": False, "enabled": "true"},
            "saved_views": {
                "dashboard_views_visible_ids": dashboard[ADMIN],
                "sidebar_views_visible_ids": sidebar[ADMIN],
            },
            "update_checking": {"backend_setting": False},
            "trash_delay": 30,
            "version": "3.0.5",
            "app_title": None,
            "app_logo": None,
            "auditlog_enabled": True,
            "email_enabled": False,
            "ai_enabled": False,
        }

    def task(
        self,
        task_type: str,
        trigger: str,
        status: str,
        done: dt.datetime,
        *,
        input_data: Json,
        result: Json | None,
        related: list[int],
        owner: int | None,
        acknowledged: bool,
    ) -> Json:
        rng = self.rng
        duration = round(rng.uniform(0.4, 3.5), 6)
        wait = round(rng.uniform(0.01, 2.5), 6)
        started = done - dt.timedelta(seconds=duration)
        created = started - dt.timedelta(seconds=wait)
        return {
            "id": 0,
            "task_id": task_uuid(rng),
            "task_type": task_type,
            "task_type_display": TASK_TYPE_DISPLAY[task_type],
            "trigger_source": trigger,
            "trigger_source_display": TRIGGER_DISPLAY[trigger],
            "status": status,
            "status_display": status.capitalize(),
            "date_created": iso(created),
            "date_started": iso(started),
            "date_done": iso(done),
            "duration_seconds": duration,
            "wait_time_seconds": wait,
            "input_data": input_data,
            "result_data": result,
            "related_document_ids": related,
            "acknowledged": acknowledged,
            "owner": owner,
        }

    def tasks(self) -> None:
        rng = self.rng
        tasks: list[Json] = []
        roots = [d for d in self.a.documents if d["root_document"] is None]
        for doc in roots[-25:]:
            added = dt.datetime.fromisoformat(doc["added"])
            trigger = rng.choice(("api_upload", "api_upload", "folder_consume", "email_consume", "web_ui"))
            overrides: Json = {"filename": doc["original_file_name"], "skip_asn_if_exists": False}
            if doc["owner"]:
                overrides["owner_id"] = doc["owner"]
            if trigger == "api_upload" and rng.random() < 0.5:
                overrides.update(
                    title=doc["title"], correspondent_id=doc["correspondent"], created=doc["created"]
                )
            tasks.append(
                self.task(
                    "consume_file",
                    trigger,
                    "success",
                    added,
                    input_data={
                        "filename": doc["original_file_name"],
                        "mime_type": doc["mime_type"],
                        "overrides": overrides,
                    },
                    result={"document_id": doc["id"]},
                    related=[doc["id"]],
                    owner=doc["owner"],
                    acknowledged=added < NOW - dt.timedelta(days=14),
                )
            )
        if self.rotated:
            root, version, when = self.rotated
            tasks.append(
                self.task(
                    "consume_file",
                    "api_upload",
                    "success",
                    when,
                    input_data={
                        "filename": version["original_file_name"],
                        "mime_type": "application/pdf",
                        "overrides": {
                            "title": root["title"],
                            "correspondent_id": root["correspondent"],
                            "document_type_id": root["document_type"],
                            "tag_ids": list(root["tags"]),
                            "created": root["created"],
                            "owner_id": root["owner"],
                            "skip_asn_if_exists": False,
                            "actor_id": ADMIN,
                        },
                    },
                    result={"document_id": version["id"]},
                    related=[version["id"]],
                    owner=ADMIN,
                    acknowledged=False,
                )
            )
        bad_name = "Scan_2026-11-25_081533.pdf"
        tasks.append(
            self.task(
                "consume_file",
                "folder_consume",
                "failure",
                NOW - dt.timedelta(hours=26, seconds=rng.randrange(3600)),
                input_data={
                    "filename": bad_name,
                    "mime_type": "application/pdf",
                    "overrides": {"skip_asn_if_exists": False},
                },
                result={
                    "error_type": "ConsumerError",
                    "error_message": f"{bad_name}: Error occurred while consuming document {bad_name}: "
                    "PdfiumError: Failed to load document (PDFium: Data format error).",
                    "traceback": "Traceback (most recent call last):\n"
                    '  File "/usr/src/paperless/src/documents/consumer.py", line 412, in run\n'
                    "    document_parser.parse(self.working_copy, mime_type)\n"
                    "pypdfium2._helpers.misc."
                    "PdfiumError: Failed to load document (PDFium: Data format error).",
                },
                related=[],
                owner=None,
                acknowledged=False,
            )
        )
        tasks.append(
            self.task(
                "train_classifier",
                "scheduled",
                "failure",
                NOW - dt.timedelta(days=3, hours=5),
                input_data={},
                result={
                    "error_type": "ValueError",
                    "error_message": "No training data available.",
                    "traceback": "",
                },
                related=[],
                owner=None,
                acknowledged=True,
            )
        )
        for days, task_type in ((2, "train_classifier"), (1, "sanity_check"), (1, "index_optimize")):
            tasks.append(
                self.task(
                    task_type,
                    "scheduled",
                    "success",
                    NOW - dt.timedelta(days=days, hours=rng.randint(1, 6)),
                    input_data={},
                    result={"result": "Classifier updated"} if task_type == "train_classifier" else None,
                    related=[],
                    owner=None,
                    acknowledged=False,
                )
            )
        touched = [d["id"] for d in roots[-6:-3]]
        tasks.append(
            self.task(
                "bulk_update",
                "web_ui",
                "success",
                NOW - dt.timedelta(hours=7),
                input_data={"document_ids": touched},
                result=None,
                related=touched,
                owner=ADMIN,
                acknowledged=False,
            )
        )
        tasks.sort(key=lambda task: task["date_created"])
        for task_id, task in enumerate(tasks, start=1):
            task["id"] = task_id
        self.a.tasks = tasks

    # ------------------------------------------------------------ finish

    def finish_history(self) -> None:
        self.pending_history.sort(key=lambda h: h[0])
        for hist_id, (moment, doc_id, action, changes, actor) in enumerate(self.pending_history, start=1):
            self.a.history.append(
                {
                    "id": hist_id,
                    "document": doc_id,
                    "timestamp": iso_utc(moment),
                    "action": action,
                    "changes": changes,
                    "actor": actor,
                }
            )

    def build(self) -> DemoArchive:
        self.users_and_groups()
        self.matching_objects()
        self.documents()
        self.special_documents()
        self.notes()
        self.share_links()
        self.saved_views()
        self.ui_settings()
        self.tasks()
        self.finish_history()
        return self.a


def _key_of(mapping: dict[str, int], value: int) -> str:
    return next(k for k, v in mapping.items() if v == value)


def generate_archive(*, seed: int = 1, docs: int = 250) -> DemoArchive:
    """Build the archive for `seed` with `docs` visible documents (plus the rotated one's hidden version)."""
    return _Builder(seed, docs).build()
