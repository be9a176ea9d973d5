"""Text builders for the demo archive: one function per kind of document, in English and German.

Each builder gets a `Ctx` (random source, correspondent, language, created date, the archive owner's
bank details) and returns a `Text`: title, content (lines of at most ~95 characters, so pages render
without re-wrapping) and the facts the generator turns into custom-field values (amount, invoice
number, due date, customer number, VAT rate). Pure string work, no I/O, cheap enough for 10,000 docs.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

PERSON = "Max Mustermann"
PERSON_STREET = "Hauptstrasse 12"
PERSON_CITY = "12345 Musterstadt"

MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTHS_DE = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)


@dataclass(slots=True)
class Correspondent:
    key: str
    name: str
    street: str
    city: str
    website: str


@dataclass(slots=True)
class Ctx:
    rng: random.Random
    corr: Correspondent
    lang: str
    created: dt.date
    own_iban: str


@dataclass(slots=True)
class Text:
    title: str
    content: str
    amount: float | None = None
    invoice_number: str | None = None
    due_date: dt.date | None = None
    customer_number: int | None = None
    vat_rate: float | None = None
    extra: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------- formatting helpers


def money(value: float, lang: str) -> str:
    """1234.5 -> '1,234.50 EUR' (en) or '1.234,50 EUR' (de)."""
    text = f"{value:,.2f}"
    if lang == "de":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text + " EUR"


def day(date: dt.date, lang: str) -> str:
    return f"{date.day:02d}.{date.month:02d}.{date.year}" if lang == "de" else date.isoformat()


def month_name(date: dt.date, lang: str) -> str:
    return (MONTHS_DE if lang == "de" else MONTHS_EN)[date.month - 1]


def iban(rng: random.Random, bank_code: str | None = None) -> str:
    """A German IBAN with a correct mod-97 check sum, grouped in fours."""
    blz = bank_code or f"{rng.randrange(10000000, 89999999)}"
    account = f"{rng.randrange(10**9, 10**10)}"
    bban = blz + account
    check = 98 - int(bban + "131400") % 97
    raw = f"DE{check:02d}{bban}"
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def wrap(text: str, width: int = 92) -> list[str]:
    """Greedy word wrap (faster than textwrap for our plain sentences)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return lines


def letterhead(ctx: Ctx) -> list[str]:
    c = ctx.corr
    return [c.name, f"{c.street} - {c.city}", c.website.removeprefix("https://"), ""]


def address_block(ctx: Ctx) -> list[str]:
    country = "Deutschland" if ctx.lang == "de" else "Germany"
    return [PERSON, PERSON_STREET, PERSON_CITY, country, ""]


def footer(ctx: Ctx, corr_iban: str) -> list[str]:
    vat_id = f"DE{ctx.rng.randrange(100000000, 999999999)}"
    if ctx.lang == "de":
        return ["", f"{ctx.corr.name} - IBAN {corr_iban} - USt-IdNr. {vat_id}"]
    return ["", f"{ctx.corr.name} - IBAN {corr_iban} - VAT ID {vat_id}"]


def _cents(rng: random.Random, low: float, high: float) -> float:
    return round(rng.uniform(low, high), 2)


# ---------------------------------------------------------------- invoices


_INVOICE_ITEMS_EN: dict[str, tuple[tuple[str, float, float], ...]] = {
    "stadtwerke": (
        ("Electricity consumption", 40.0, 180.0),
        ("Base fee", 9.0, 15.0),
        ("Meter fee", 2.0, 5.0),
    ),
    "telekom": (("MagentaZuhause L (250 Mbit/s)", 44.95, 54.95), ("Router rental", 4.95, 6.95)),
    "hetzner": (
        ("Cloud server CX32", 6.8, 12.5),
        ("Dedicated server AX42", 39.0, 59.0),
        ("Backup space", 3.2, 7.0),
    ),
    "amazon": (
        ("USB-C docking station", 49.0, 129.0),
        ("Paperback: The Pragmatic Programmer", 32.0, 45.0),
        ("Noise cancelling headphones", 89.0, 299.0),
        ("HDMI cable 2 m", 7.0, 14.0),
    ),
    "acme": (
        ("A4 copy paper, 5 reams", 21.0, 29.0),
        ("Toner cartridge black", 45.0, 89.0),
        ("Ring binders, 10", 12.0, 19.0),
    ),
    "garage": (
        ("Annual inspection", 189.0, 349.0),
        ("Brake pads front", 120.0, 240.0),
        ("Oil change 5W-30", 69.0, 99.0),
    ),
    "dentist": (
        ("Professional tooth cleaning", 80.0, 120.0),
        ("Filling (composite)", 95.0, 180.0),
        ("X-ray", 25.0, 45.0),
    ),
}
_INVOICE_ITEMS_DE: dict[str, tuple[tuple[str, float, float], ...]] = {
    "stadtwerke": (
        ("Stromverbrauch", 40.0, 180.0),
        ("Grundpreis", 9.0, 15.0),
        ("Messstellenbetrieb", 2.0, 5.0),
    ),
    "telekom": (("MagentaZuhause L (250 MBit/s)", 44.95, 54.95), ("Miete Speedport Router", 4.95, 6.95)),
    "hetzner": (
        ("Cloud Server CX32", 6.8, 12.5),
        ("Dedicated Server AX42", 39.0, 59.0),
        ("Backup-Speicher", 3.2, 7.0),
    ),
    "amazon": (
        ("USB-C Dockingstation", 49.0, 129.0),
        ("Taschenbuch: Clean Code (deutsche Ausgabe)", 32.0, 45.0),
        ("Kopfhoerer mit Geraeuschunterdrueckung", 89.0, 299.0),
        ("HDMI-Kabel 2 m", 7.0, 14.0),
    ),
    "acme": (
        ("Kopierpapier A4, 5 Pakete", 21.0, 29.0),
        ("Toner schwarz", 45.0, 89.0),
        ("Ordner, 10 Stueck", 12.0, 19.0),
    ),
    "garage": (
        ("Inspektion nach Herstellervorgabe", 189.0, 349.0),
        ("Bremsbelaege vorn", 120.0, 240.0),
        ("Oelwechsel 5W-30", 69.0, 99.0),
    ),
    "dentist": (
        ("Professionelle Zahnreinigung", 80.0, 120.0),
        ("Fuellung (Komposit)", 95.0, 180.0),
        ("Roentgenaufnahme", 25.0, 45.0),
    ),
}
_INVOICE_PREFIX = {
    "stadtwerke": "SWM",
    "telekom": "TK",
    "hetzner": "R",
    "amazon": "DE",
    "acme": "ACME",
    "garage": "AH",
    "dentist": "ZA",
}
_INVOICE_SUBJECT = {
    "stadtwerke": ("Electricity invoice", "Stromrechnung"),
    "telekom": ("Phone and internet invoice", "Rechnung Telefon und Internet"),
    "hetzner": ("Invoice hosting", "Rechnung Hosting"),
    "amazon": ("Order invoice", "Rechnung zu Ihrer Bestellung"),
    "acme": ("Invoice office supplies", "Rechnung Bueromaterial"),
    "garage": ("Workshop invoice", "Werkstattrechnung"),
    "dentist": ("Invoice dental treatment", "Rechnung Zahnbehandlung (GOZ)"),
}


def invoice(ctx: Ctx) -> Text:
    rng, lang, key = ctx.rng, ctx.lang, ctx.corr.key
    de = lang == "de"
    items_pool = (_INVOICE_ITEMS_DE if de else _INVOICE_ITEMS_EN)[key]
    count = rng.randint(1, len(items_pool))
    items = rng.sample(items_pool, count)
    number = f"{_INVOICE_PREFIX[key]}-{ctx.created.year}-{rng.randrange(10000, 99999)}"
    customer = rng.randrange(100000, 999999)
    vat = 7.0 if key == "dentist" and rng.random() < 0.3 else 19.0
    due = ctx.created + dt.timedelta(days=rng.choice((14, 14, 30, 10)))
    corr_iban = iban(rng)
    subject = _INVOICE_SUBJECT[key][1 if de else 0]
    lines = letterhead(ctx) + address_block(ctx)
    if de:
        lines += [
            f"{subject} {month_name(ctx.created, lang)} {ctx.created.year}",
            f"Rechnungsnummer: {number}",
            f"Rechnungsdatum: {day(ctx.created, lang)}",
            f"Kundennummer: {customer}",
            "",
            "Sehr geehrter Herr Mustermann,",
        ]
        lines += wrap(
            "vielen Dank fuer Ihren Auftrag. Wir berechnen Ihnen die folgenden Leistungen. "
            f"Bitte ueberweisen Sie den Gesamtbetrag bis zum {day(due, lang)} unter Angabe der "
            f"Rechnungsnummer {number}."
        )
        lines += ["", "Pos. Beschreibung Menge Einzelpreis Betrag"]
    else:
        lines += [
            f"{subject} {month_name(ctx.created, lang)} {ctx.created.year}",
            f"Invoice number: {number}",
            f"Invoice date: {day(ctx.created, lang)}",
            f"Customer number: {customer}",
            "",
            "Dear Mr. Mustermann,",
        ]
        lines += wrap(
            "thank you for your order. We hereby invoice the following services. Please transfer the "
            f"total amount by {day(due, lang)}, quoting the invoice number {number}."
        )
        lines += ["", "Pos. Description Qty Unit price Amount"]
    net = 0.0
    for pos, (label, low, high) in enumerate(items, start=1):
        qty = 1 if rng.random() < 0.7 else rng.randint(2, 4)
        unit = _cents(rng, low, high)
        net += qty * unit
        lines.append(f"{pos} {label} {qty} {money(unit, lang)} {money(qty * unit, lang)}")
    net = round(net, 2)
    tax = round(net * vat / 100, 2)
    total = round(net + tax, 2)
    if de:
        lines += [
            f"Nettobetrag {money(net, lang)}",
            f"USt. {vat:.0f}% {money(tax, lang)}",
            f"Rechnungsbetrag {money(total, lang)}",
        ]
    else:
        lines += [
            f"Net total {money(net, lang)}",
            f"VAT {vat:.0f}% {money(tax, lang)}",
            f"Total due {money(total, lang)}",
        ]
    lines += footer(ctx, corr_iban)
    short = SHORT_NAMES.get(key, ctx.corr.name.split()[0])
    if de:
        title = f"{short} Rechnung {number}"
    else:
        title = rng.choice(
            (
                f"{short} invoice {number}",
                f"{short} {subject.lower()} {MONTHS_EN[ctx.created.month - 1][:3]} {ctx.created.year}",
            )
        )
    return Text(title, "\n".join(lines), total, number, due, customer, vat)


# ---------------------------------------------------------------- bank statements

_BOOKINGS_DE = (
    ("Lastschrift Stadtwerke Musterstadt Abschlag", -40.0, -130.0),
    ("Lastschrift Telekom Deutschland", -50.0, -62.0),
    ("Kartenzahlung REWE Markt", -8.0, -95.0),
    ("Kartenzahlung ALDI SUED", -6.0, -70.0),
    ("Dauerauftrag Miete Hausverwaltung Berger", -980.0, -1150.0),
    ("Lastschrift Allianz Versicherungs-AG Beitrag", -25.0, -90.0),
    ("Kartenzahlung dm-drogerie markt", -4.0, -40.0),
    ("Ueberweisung Gutschrift Rueckerstattung", 10.0, 250.0),
    ("Geldautomat Sparkasse Musterstadt", -50.0, -200.0),
    ("Lastschrift FitLife Studios Mitgliedsbeitrag", -29.9, -39.9),
)
_BOOKINGS_EN = (
    ("Direct debit Stadtwerke Musterstadt instalment", -40.0, -130.0),
    ("Card payment REWE Markt", -8.0, -95.0),
    ("Card payment Amazon EU", -12.0, -180.0),
    ("Standing order rent Hausverwaltung Berger", -980.0, -1150.0),
    ("Direct debit HUK-COBURG premium", -30.0, -80.0),
    ("Transfer received refund", 10.0, 250.0),
    ("ATM withdrawal", -50.0, -200.0),
    ("Card payment Bauhaus Musterstadt", -15.0, -160.0),
    ("Direct debit Hetzner Online GmbH", -7.0, -60.0),
)


def bank_statement(ctx: Ctx) -> Text:
    rng, lang = ctx.rng, ctx.lang
    de = lang == "de"
    number = ctx.created.month
    opening = _cents(rng, 800.0, 9000.0)
    balance = opening
    start = ctx.created.replace(day=1)
    bookings_made: list[tuple[dt.date, int, str]] = []
    salary_day = min(27, 1 + rng.randrange(26))
    bookings = _BOOKINGS_DE if de else _BOOKINGS_EN
    for i in range(rng.randint(14, 70)):
        booking_day = start + dt.timedelta(days=min(27, i * 28 // 70 + rng.randrange(2)))
        if i == salary_day:
            label, amount = (
                ("Gehalt Software Engineering GmbH" if de else "Salary Software Engineering GmbH"),
                3816.09,
            )
        else:
            label, low, high = rng.choice(bookings)
            amount = _cents(rng, min(low, high), max(low, high))
        balance = round(balance + amount, 2)
        sign = "+" if amount > 0 else "-"
        bookings_made.append(
            (booking_day, i, f"{day(booking_day, lang)} {label} {sign}{money(abs(amount), lang)}")
        )
    rows = [row for _day, _i, row in sorted(bookings_made)]  # a statement lists bookings by date
    period = f"{month_name(ctx.created, lang)} {ctx.created.year}"
    lines = letterhead(ctx) + address_block(ctx)
    if de:
        lines += [
            f"Kontoauszug Nr. {number}/{ctx.created.year} - {period}",
            f"Girokonto IBAN {ctx.own_iban}",
            f"Kontoinhaber: {PERSON}",
            "",
            f"Alter Kontostand {money(opening, lang)}",
            "Buchungstag Verwendungszweck Betrag",
        ]
        lines += rows
        lines += [f"Neuer Kontostand {money(balance, lang)}", ""]
        lines += wrap(
            "Bitte pruefen Sie die Buchungen. Einwendungen gegen diesen Rechnungsabschluss muessen "
            "innerhalb von sechs Wochen nach Zugang erhoben werden."
        )
        title = f"Kontoauszug {number}/{ctx.created.year}"
    else:
        lines += [
            f"Statement of account no. {number}/{ctx.created.year} - {period}",
            f"Current account IBAN {ctx.own_iban}",
            f"Account holder: {PERSON}",
            "",
            f"Opening balance {money(opening, lang)}",
            "Date Description Amount",
        ]
        lines += rows
        lines += [f"Closing balance {money(balance, lang)}", ""]
        lines += wrap("Please check this statement. Objections must be raised within six weeks of receipt.")
        title = f"Bank statement {period}"
    return Text(title, "\n".join(lines), amount=round(balance, 2), extra={"statement_no": str(number)})


# ---------------------------------------------------------------- payslips


def payslip(ctx: Ctx) -> Text:
    rng, lang = ctx.rng, ctx.lang
    de = lang == "de"
    gross = round(rng.choice((5800.0, 6100.0, 6500.0, 6900.0)) + rng.randrange(0, 4) * 50, 2)
    income_tax = round(gross * rng.uniform(0.18, 0.22), 2)
    pension = round(gross * 0.093, 2)
    unemployment = round(gross * 0.013, 2)
    health = round(gross * 0.085, 2)
    care = round(gross * 0.02, 2)
    net = round(gross - income_tax - pension - unemployment - health - care, 2)
    period = f"{month_name(ctx.created, lang)} {ctx.created.year}"
    personnel = 1042
    lines = letterhead(ctx) + address_block(ctx)
    if de:
        lines += [
            f"Gehaltsabrechnung {period}",
            f"Mitarbeiter: {PERSON}, Personalnummer {personnel}, Steuerklasse I",
            "",
            f"Bruttogehalt {money(gross, lang)}",
            f"Lohnsteuer {money(income_tax, lang)}",
            f"Rentenversicherung {money(pension, lang)}",
            f"Arbeitslosenversicherung {money(unemployment, lang)}",
            f"Krankenversicherung {money(health, lang)}",
            f"Pflegeversicherung {money(care, lang)}",
            f"Auszahlungsbetrag {money(net, lang)}",
            "",
            f"Ueberweisung auf IBAN {ctx.own_iban} am {day(ctx.created, lang)}.",
        ]
        title = f"Gehaltsabrechnung {period}"
    else:
        lines += [
            f"Payslip {period}",
            f"Employee: {PERSON}, personnel no. {personnel}, tax class I",
            "",
            f"Gross salary {money(gross, lang)}",
            f"Income tax {money(income_tax, lang)}",
            f"Pension insurance {money(pension, lang)}",
            f"Unemployment insurance {money(unemployment, lang)}",
            f"Health insurance {money(health, lang)}",
            f"Long-term care insurance {money(care, lang)}",
            f"Net pay {money(net, lang)}",
            "",
            f"Transferred to IBAN {ctx.own_iban} on {day(ctx.created, lang)}.",
        ]
        title = f"payslip_{ctx.created.year}-{ctx.created.month:02d}"
    return Text(title, "\n".join(lines), amount=net, customer_number=personnel)


# ---------------------------------------------------------------- insurance


def insurance(ctx: Ctx) -> Text:
    rng, lang = ctx.rng, ctx.lang
    de = lang == "de"
    policy = f"{rng.randrange(100, 999)}-{rng.randrange(1000000, 9999999)}"
    premium = _cents(rng, 180.0, 980.0)
    kind_de, kind_en = rng.choice(
        (
            ("Kfz-Haftpflichtversicherung", "car liability insurance"),
            ("Hausratversicherung", "household contents insurance"),
            ("Privathaftpflichtversicherung", "personal liability insurance"),
            ("Rechtsschutzversicherung", "legal expenses insurance"),
        )
    )
    due = ctx.created + dt.timedelta(days=30)
    lines = letterhead(ctx) + address_block(ctx)
    if de:
        lines += [
            f"Versicherungsschein Nr. {policy}",
            f"{kind_de} - Beitragsrechnung {ctx.created.year + 1}",
            f"Datum: {day(ctx.created, lang)}",
            "",
            "Sehr geehrter Herr Mustermann,",
        ]
        lines += wrap(
            f"wir danken Ihnen fuer Ihr Vertrauen. Ihr Jahresbeitrag fuer die {kind_de} betraegt "
            f"{money(premium, lang)} inklusive Versicherungsteuer. Der Beitrag wird am {day(due, lang)} "
            f"von Ihrem Konto {ctx.own_iban} abgebucht. "
            "Bitte bewahren Sie diesen Versicherungsschein sorgfaeltig auf."
        )
        lines += ["", "Mit freundlichen Gruessen", ctx.corr.name]
        title = f"{kind_de} Versicherungsschein {ctx.created.year}"
    else:
        lines += [
            f"Insurance policy no. {policy}",
            f"{kind_en.capitalize()} - premium notice {ctx.created.year + 1}",
            f"Date: {day(ctx.created, lang)}",
            "",
            "Dear Mr. Mustermann,",
        ]
        lines += wrap(
            f"thank you for your trust. The annual premium for your {kind_en} is {money(premium, lang)} "
            f"including insurance tax. It will be debited from {ctx.own_iban} on {day(due, lang)}."
        )
        lines += ["", "Kind regards", ctx.corr.name]
        title = f"{kind_en.capitalize()} policy {ctx.created.year}"
    return Text(title, "\n".join(lines), amount=premium, invoice_number=policy, due_date=due)


# ---------------------------------------------------------------- tax


def tax(ctx: Ctx) -> Text:
    rng, lang = ctx.rng, ctx.lang
    year = ctx.created.year - 1
    tax_no = f"{rng.randrange(100, 999)}/{rng.randrange(100, 999)}/{rng.randrange(10000, 99999)}"
    income = _cents(rng, 52000.0, 88000.0)
    assessed = round(income * rng.uniform(0.17, 0.24), 2)
    withheld = round(assessed + rng.uniform(-900.0, 1800.0), 2)
    refund = round(withheld - assessed, 2)
    lines = letterhead(ctx) + address_block(ctx)
    if lang == "de":
        lines += [
            f"Bescheid fuer {year} ueber Einkommensteuer und Solidaritaetszuschlag",
            f"Steuernummer: {tax_no}",
            f"Datum: {day(ctx.created, lang)}",
            "",
            f"Summe der Einkuenfte {money(income, lang)}",
            f"Festgesetzte Einkommensteuer {money(assessed, lang)}",
            f"Anrechnung Lohnsteuer {money(withheld, lang)}",
        ]
        if refund >= 0:
            lines.append(f"Erstattung {money(refund, lang)} auf IBAN {ctx.own_iban}")
        else:
            lines.append(f"Nachzahlung {money(-refund, lang)} faellig innerhalb eines Monats")
        lines.append("")
        lines += wrap(
            "Rechtsbehelfsbelehrung: Der Bescheid kann mit dem Einspruch angefochten werden. Der Einspruch "
            "ist beim Finanzamt Musterstadt schriftlich einzureichen. Die Frist betraegt einen Monat."
        )
        title = f"Steuerbescheid {year}"
    else:
        lines += [
            f"Income tax assessment {year}",
            f"Tax number: {tax_no}",
            f"Date: {day(ctx.created, lang)}",
            "",
            f"Total income {money(income, lang)}",
            f"Assessed income tax {money(assessed, lang)}",
            f"Wage tax withheld {money(withheld, lang)}",
            f"{'Refund' if refund >= 0 else 'Additional payment'} {money(abs(refund), lang)}",
        ]
        title = f"Tax assessment {year}"
    return Text(title, "\n".join(lines), amount=abs(refund), invoice_number=tax_no)


def wage_tax_certificate(ctx: Ctx) -> Text:
    rng, lang = ctx.rng, ctx.lang
    year = ctx.created.year - 1
    gross = _cents(rng, 70000.0, 84000.0)
    withheld = round(gross * 0.2, 2)
    lines = letterhead(ctx) + address_block(ctx)
    if lang == "de":
        lines += [
            f"Ausdruck der elektronischen Lohnsteuerbescheinigung fuer {year}",
            f"Bruttoarbeitslohn {money(gross, lang)}",
            f"Einbehaltene Lohnsteuer {money(withheld, lang)}",
            f"eTIN: MSTRMXAB{rng.randrange(10, 99)}A{rng.randrange(10, 99)}",
        ]
        title = f"Lohnsteuerbescheinigung {year}"
    else:
        lines += [
            f"Wage tax certificate {year}",
            f"Gross wages {money(gross, lang)}",
            f"Wage tax withheld {money(withheld, lang)}",
        ]
        title = f"Wage tax certificate {year}"
    return Text(title, "\n".join(lines), amount=withheld)


# ---------------------------------------------------------------- receipts (scans)

_RECEIPT_ITEMS = {
    "rewe": (
        ("Bananen 1,2 kg", "Bananas 1.2 kg", 1.5, 2.9),
        ("Vollmilch 1 l", "Whole milk 1 l", 0.99, 1.39),
        ("Kaffeebohnen 500 g", "Coffee beans 500 g", 6.99, 12.99),
        ("Sauerteigbrot", "Sourdough bread", 2.49, 4.29),
        ("Olivenoel 750 ml", "Olive oil 750 ml", 5.99, 9.99),
        ("Tomaten", "Tomatoes", 1.29, 3.49),
    ),
    "aldi": (
        ("Butter 250 g", "Butter 250 g", 1.79, 2.49),
        ("Eier 10 Stueck", "Eggs, 10", 2.29, 3.19),
        ("Nudeln 500 g", "Pasta 500 g", 0.89, 1.49),
        ("Apfelsaft 1 l", "Apple juice 1 l", 0.99, 1.79),
    ),
    "dm": (
        ("Zahnpasta", "Toothpaste", 0.95, 2.95),
        ("Duschgel", "Shower gel", 0.85, 3.45),
        ("Sonnencreme LSF 50", "Sun cream SPF 50", 4.95, 9.95),
    ),
    "pharmacy": (
        ("Ibuprofen 400 mg 20 St.", "Ibuprofen 400 mg, 20", 3.5, 6.9),
        ("Nasenspray", "Nasal spray", 2.95, 5.95),
        ("Vitamin D3 Tropfen", "Vitamin D3 drops", 8.95, 14.95),
    ),
    "bauhaus": (
        ("Schrauben-Set 200 tlg.", "Screw set, 200 pieces", 9.95, 19.95),
        ("Wandfarbe weiss 10 l", "Wall paint white 10 l", 34.95, 59.95),
        ("Akku-Bohrschrauber", "Cordless drill", 59.0, 149.0),
    ),
}


def receipt(ctx: Ctx) -> Text:
    rng, lang = ctx.rng, ctx.lang
    de = lang == "de"
    pool = _RECEIPT_ITEMS[ctx.corr.key]
    rows = []
    total = 0.0
    for item in rng.sample(pool, rng.randint(1, len(pool))):
        price = _cents(rng, item[2], item[3])
        total += price
        rows.append(f"{item[0] if de else item[1]} {price:.2f}".replace(".", "," if de else "."))
    total = round(total, 2)
    when = f"{day(ctx.created, lang)} {rng.randrange(8, 20):02d}:{rng.randrange(60):02d}"
    lines = [ctx.corr.name, "", f"{ctx.corr.street}, {ctx.corr.city}"]
    if de:
        lines += [f"Kassenbon {when}", "", *rows, f"SUMME EUR {total:.2f}".replace(".", ","), ""]
        lines += [
            "Bezahlt mit Girocard",
            f"Beleg-Nr. {rng.randrange(1000, 9999)}",
            "Vielen Dank fuer Ihren Einkauf!",
        ]
    else:
        lines += [f"Receipt {when}", "", *rows, f"TOTAL EUR {total:.2f}", ""]
        lines += [
            "Paid by card (Girocard)",
            f"Receipt no. {rng.randrange(1000, 9999)}",
            "Thank you for shopping with us!",
        ]
    title = f"scan_receipt_{SHORT_NAMES.get(ctx.corr.key, ctx.corr.key).lower()}_{ctx.created.isoformat()}"
    return Text(title, "\n".join(lines), amount=total)


# ---------------------------------------------------------------- letters

SHORT_NAMES = {
    "dentist": "Zahnarztpraxis Weber",
    "garage": "Autohaus Schmidt",
    "pharmacy": "Apotheke",
    "aldi": "ALDI",
    "dm": "dm",
    "rewe": "REWE",
    "bauhaus": "Bauhaus",
    "telekom": "Telekom",
}

_GENERIC_LETTERS = (
    (
        "Ihre Kundendaten",
        "Your customer details",
        "Sehr geehrter Herr Mustermann, wir haben Ihre Adresse aktualisiert. Ihre Kundennummer {customer} "
        "bleibt unveraendert.",
        "Dear Mr. Mustermann, we have updated your address. Your customer number {customer} stays the same.",
    ),
    (
        "Preisanpassung zum {start}",
        "Price change from {start}",
        "Sehr geehrter Herr Mustermann, aufgrund gestiegener Kosten passen wir unsere Preise zum {start} an. "
        "Sie haben ein Sonderkuendigungsrecht bis zum Inkrafttreten. Kundennummer {customer}.",
        "Dear Mr. Mustermann, due to rising costs our prices change from {start}. You may cancel your "
        "contract until then. Customer number {customer}.",
    ),
    (
        "Aenderung der Allgemeinen Geschaeftsbedingungen",
        "Changes to our terms and conditions",
        "Sehr geehrter Herr Mustermann, zum {start} aendern sich unsere Allgemeinen Geschaeftsbedingungen. "
        "Wenn Sie nicht widersprechen, gilt Ihre Zustimmung als erteilt. Kundennummer {customer}.",
        "Dear Mr. Mustermann, our terms and conditions change on {start}. If you do not object, you are "
        "deemed to have agreed. Customer number {customer}.",
    ),
    (
        "Jahreskontoauszug und Zinsbescheinigung",
        "Annual statement and interest certificate",
        "Sehr geehrter Herr Mustermann, anbei erhalten Sie Ihre Jahressteuerbescheinigung. "
        "Die Kapitalertraege "
        "wurden unter Beruecksichtigung Ihres Freistellungsauftrags versteuert. Kundennummer {customer}.",
        "Dear Mr. Mustermann, please find enclosed your annual tax certificate for capital income. "
        "Customer number {customer}.",
    ),
)


def letter(ctx: Ctx) -> Text:
    rng, lang, key = ctx.rng, ctx.lang, ctx.corr.key
    de = lang == "de"
    lines = letterhead(ctx) + address_block(ctx)
    lines += [f"{ctx.corr.city.split(' ', 1)[-1]}, {day(ctx.created, lang)}", ""]
    amount: float | None = None
    if key == "landlord":
        old = _cents(rng, 850.0, 1100.0)
        new = round(old * rng.uniform(1.03, 1.1), 2)
        amount = new
        if de:
            subject = "Mieterhoehung gemaess § 558 BGB"
            body = (
                f"Sehr geehrter Herr Mustermann, die Nettokaltmiete fuer Ihre Wohnung in der {PERSON_STREET} "
                f"betraegt derzeit {money(old, lang)}. Wir bitten um Zustimmung zur Erhoehung auf "
                f"{money(new, lang)} ab dem {day(ctx.created + dt.timedelta(days=90), lang)}. "
                "Die ortsuebliche "
                "Vergleichsmiete laut Mietspiegel wird nicht ueberschritten."
            )
        else:
            subject = "Rent adjustment notice"
            body = (
                f"Dear Mr. Mustermann, the net rent for your flat at {PERSON_STREET} is currently "
                f"{money(old, lang)}. "
                f"We ask for your consent to an increase to {money(new, lang)} from "
                f"{day(ctx.created + dt.timedelta(days=90), lang)}, in line with the local rent index."
            )
    elif key == "pension":
        amount = _cents(rng, 1400.0, 2300.0)
        subject = "Renteninformation" if de else "Pension information"
        body = (
            (
                f"Sehr geehrter Herr Mustermann, wenn Sie bis zur Regelaltersgrenze weiter Beitraege "
                "zahlen wie "
                f"bisher, betraegt Ihre monatliche Regelaltersrente voraussichtlich {money(amount, lang)}. "
                f"Versicherungsnummer 12 {rng.randrange(100000, 999999)} M {rng.randrange(100, 999)}."
            )
            if de
            else (
                f"Dear Mr. Mustermann, if you keep paying contributions as before, your monthly "
                "old-age pension "
                f"is expected to be {money(amount, lang)}. Insurance number "
                f"12 {rng.randrange(100000, 999999)}."
            )
        )
    elif key == "city":
        subject = rng.choice(
            (
                ("Abfallgebuehren", "Waste collection fees"),
                ("Meldebestaetigung", "Confirmation of registration"),
                ("Grundsteuerbescheid", "Property tax notice"),
            )
        )[1 if not de else 0]
        amount = _cents(rng, 60.0, 420.0)
        body = (
            f"Sehr geehrter Herr Mustermann, hiermit erhalten Sie den Bescheid ueber {subject}. "
            "Der Betrag von "
            f"{money(amount, lang)} ist bis zum {day(ctx.created + dt.timedelta(days=30), lang)} zu zahlen."
            if de
            else f"Dear Mr. Mustermann, please find enclosed the {subject.lower()}. The amount of "
            f"{money(amount, lang)} "
            f"is due by {day(ctx.created + dt.timedelta(days=30), lang)}. Office hours: Mon-Fri 8-12."
        )
    else:
        customer = rng.randrange(100000, 999999)
        subject_de, subject_en, body_de, body_en = rng.choice(_GENERIC_LETTERS)
        start = day(ctx.created + dt.timedelta(days=42), lang)
        subject = (subject_de if de else subject_en).format(start=start)
        body = (body_de if de else body_en).format(customer=customer, start=start)
    closing = "Mit freundlichen Gruessen" if de else "Kind regards"
    lines += [subject, "", *wrap(body), "", closing, ctx.corr.name]
    return Text(f"{subject} {ctx.created.year}", "\n".join(lines), amount=amount)


# ---------------------------------------------------------------- contracts

_CONTRACT_SECTIONS_DE = (
    "Vertragsgegenstand",
    "Vertragsbeginn und Laufzeit",
    "Entgelt und Zahlungsbedingungen",
    "Kuendigung",
    "Pflichten der Parteien",
    "Haftung",
    "Datenschutz",
    "Schlussbestimmungen",
    "Gerichtsstand",
    "Salvatorische Klausel",
)
_CONTRACT_SECTIONS_EN = (
    "Subject of the contract",
    "Start and term",
    "Fees and payment",
    "Termination",
    "Obligations of the parties",
    "Liability",
    "Data protection",
    "Final provisions",
    "Place of jurisdiction",
    "Severability",
)


def contract(ctx: Ctx) -> Text:
    rng, lang, key = ctx.rng, ctx.lang, ctx.corr.key
    de = lang == "de"
    fee = _cents(rng, 19.9, 1150.0) if key != "employer" else float(rng.choice((5800, 6100, 6500)))
    names = {
        "landlord": ("Mietvertrag ueber Wohnraum", "Residential tenancy agreement"),
        "telekom": ("Auftragsbestaetigung MagentaZuhause", "Order confirmation MagentaZuhause"),
        "gym": ("Mitgliedsvertrag FitLife", "FitLife membership contract"),
        "employer": ("Arbeitsvertrag", "Employment contract"),
    }
    name = names.get(key, ("Vertrag", "Contract"))[0 if de else 1]
    number = f"V-{ctx.created.year}-{rng.randrange(1000, 9999)}"
    lines = letterhead(ctx) + address_block(ctx)
    lines += [name, f"{'Vertragsnummer' if de else 'Contract number'}: {number}", day(ctx.created, lang), ""]
    sections = _CONTRACT_SECTIONS_DE if de else _CONTRACT_SECTIONS_EN
    for n, heading in enumerate(sections[: rng.randint(6, 10)], start=1):
        lines.append(f"§ {n} {heading}")
        if de:
            sentence = (
                f"Die Parteien vereinbaren zu {heading} die folgenden Regelungen. Das monatliche "
                "Entgelt betraegt "
                f"{money(fee, lang)}, faellig jeweils zum dritten Werktag. Die Mindestlaufzeit betraegt "
                f"{rng.choice((12, 24))} Monate; danach verlaengert sich der Vertrag um jeweils einen Monat."
            )
        else:
            sentence = (
                f"The parties agree on the following regarding {heading.lower()}. The monthly fee is "
                f"{money(fee, lang)}, due on the third working day. The minimum term "
                f"is {rng.choice((12, 24))} "
                "months; afterwards the contract renews month by month."
            )
        lines += [*wrap(sentence), ""]
    lines += [
        "Musterstadt, " + day(ctx.created, lang),
        f"{PERSON} ______________________ {ctx.corr.name} ______________________",
    ]
    return Text(f"{name} {ctx.created.year}", "\n".join(lines), amount=fee, invoice_number=number)
