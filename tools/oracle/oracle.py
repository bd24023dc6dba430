#!/usr/bin/env python3
"""Independent reference implementation of shared/METRICS.md for the creditreport test fixtures.

    python3 tools/oracle/oracle.py fixtures/sample --as-of 2026-11-20 > fixtures/sample/expected.json
    python3 tools/oracle/oracle.py --selftest

Reads DIR/fx.csv, DIR/country_risk.csv, DIR/customers.csv and the item ledgers in config order:
DIR/items.csv (canonical headers) then DIR/items-gmbh.csv when present (the German subsidiary's
export: cp1252, ';', decimal comma with '.' thousands, DD.MM.YYYY, German headers, RE/GS/ZA), then
the UBL 2.1 e-invoices DIR/ubl/*.xml when present (sorted by file name; one input named "ubl/", its
rejects named "ubl/<file>"; xml.etree over pyexpat). Each UBL Invoice / CreditNote is one item, open
in full: amount = TaxInclusiveAmount, open_amount = LegalMonetaryTotal/PayableAmount (a credit note negative), type by the
root, document_date = IssueDate, due date = DueDate, else PaymentMeans/PaymentDueDate, else IssueDate
+ the days of a PaymentTerms/Note ("Payment within 30 days"), else the customer's payment terms,
currency = DocumentCurrencyCode, customer = the buyer's PartyIdentification/ID, else EndpointID, else
its PartyLegalEntity or PartyTaxScheme CompanyID. A buyer that customers.csv does not list becomes a
customer (after those of customers.csv): PartyLegalEntity/RegistrationName (else PartyName/Name),
PostalAddress/Country/IdentificationCode, no limit, no cover, no industry, group, grade or terms.
Reporting currency EUR. policy, country_risk_scale, stress and watchlist are read from
DIR/creditreport.yml (PyYAML) over the defaults of shared/DESIGN.md and docs/analytics.md; without
PyYAML or without the file the constants below (which mirror the sample config) are used.
Item files and their mapping stay hard-coded (they mirror the sample config's inputs).

Written on purpose without any code from the Swift implementation, in plain Python 3 (standard
library only). Money is exact (decimal.Decimal): converted and summed without rounding, rounded half
away from zero to 2 decimals only in the output. Ratios are floats computed from the exact sums.

Beyond the METRICS.md figures it computes the docs/analytics.md additions: per-customer collection
KPIs, insurance (cover, shortfalls, insurer deadlines), ECL with roll-rate (observed) loss rates
computed by brute force over every sale and month-end, country-risk average score and by-country,
stress scenarios, the watchlist (customer_id, rule, exposure, amount, date, items; no texts) and the
month-end trend (key "trend": the last 12 month-ends on or before D, each item at its balance at the
month-end; gross AR, credits, net AR, overdue and its share, buckets, ECL at the configured rates before
country multipliers and insurance, DSO over the three calendar months ending at the month-end).

--item-quantum Q rounds every converted item amount to Q (e.g. 0.0001) before summing; running with
it shows whether an implementation that keeps 4 decimals per item can reach the same cents.
"""

import argparse
import csv
import datetime as dt
import io
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
import xml.parsers.expat
from decimal import Decimal, ROUND_HALF_UP, getcontext

getcontext().prec = 60

REPORTING = "EUR"
POLICY = {
    "aging_buckets": [30, 60, 90, 180, 365],
    "protracted_default_days": 90,
    "dso_period_days": 90,
    "cei_sales": "period",
    "indemnity": "0.90",
    "ecl_loss_rates": ["0.003", "0.016", "0.036", "0.066", "0.106", "0.25", "0.50"],
    "notify_after_days": 60,
    "claim_after_days": 180,
    "roll_rate_months": 12,
}
SCALE = {
    "name": "OECD",
    "grades": ["0", "1", "2", "3", "4", "5", "6", "7"],
    "high_risk_from": "5",
    "ecl_multiplier": {"0": "1.0", "1": "1.0", "2": "1.1", "3": "1.2", "4": "1.4", "5": "1.7",
                       "6": "2.0", "7": "2.5"},
}
# docs/analytics.md defaults; the sample config (fixtures/sample/creditreport.yml) sets the same values
WATCHLIST = {
    "protracted_default_over": "5000",
    "notify_within_days": 14,
    "over_limit": True,
    "disputed_over": "10000",
    "rising_days": 30,
    "rising_by": "0.10",
    "single_name_cap": "0.10",
    "no_limit": True,
}
# mirror of the sample config's stress section (used only when creditreport.yml cannot be read)
STRESS = [
    {"name": "Emerging Asia downgrade", "downgrade": {"CN": 2, "VN": 1}},
    {"name": "Turkey and Brazil crisis", "downgrade": {"TR": 2, "BR": 3}},
]
WATCHLIST_RULES = ["protracted_default", "insurer_notification", "over_limit", "large_dispute",
                   "high_risk_rising", "single_name_concentration", "no_limit"]


def _num_str(v, default):
    """A YAML number as a Decimal string; keeps the default's spelling when the value is equal."""
    if isinstance(v, bool) or v is None:
        return v
    sv = str(v)
    try:
        if default is not None and not isinstance(default, bool) and Decimal(sv) == Decimal(str(default)):
            return default
    except Exception:
        pass
    return sv


def load_config(d):
    """Overlay DIR/creditreport.yml's policy, country_risk_scale, stress, watchlist on the constants."""
    global STRESS
    path = os.path.join(d, "creditreport.yml")
    if not os.path.exists(path):
        return "defaults (no creditreport.yml)"
    try:
        import yaml
    except ImportError:
        print("warning: PyYAML missing, using the built-in mirror of the sample config", file=sys.stderr)
        return "built-in mirror (PyYAML missing)"
    with open(path, encoding="utf-8") as f:
        cfg = yaml.safe_load(f) or {}
    for k, v in (cfg.get("policy") or {}).items():
        if k == "ecl_loss_rates":
            dflt = POLICY.get(k) or []
            POLICY[k] = [_num_str(x, dflt[i] if i < len(dflt) else None) for i, x in enumerate(v)]
        elif k == "aging_buckets":
            POLICY[k] = [int(x) for x in v]
        elif k in ("indemnity",):
            POLICY[k] = _num_str(v, POLICY.get(k))
        else:
            POLICY[k] = v
    sc = cfg.get("country_risk_scale")
    if sc:
        SCALE["name"] = str(sc.get("name", SCALE["name"]))
        if "grades" in sc:
            SCALE["grades"] = [str(g) for g in sc["grades"]]
        if "high_risk_from" in sc:
            SCALE["high_risk_from"] = str(sc["high_risk_from"])
        if "ecl_multiplier" in sc:
            old = SCALE["ecl_multiplier"]
            SCALE["ecl_multiplier"] = {str(g): _num_str(m, old.get(str(g))) for g, m in sc["ecl_multiplier"].items()}
        if "scores" in sc:
            SCALE["scores"] = {str(g): str(v) for g, v in sc["scores"].items()}
    if "stress" in cfg:
        STRESS = [{"name": x["name"], "downgrade": {str(c).upper(): int(k) for c, k in x["downgrade"].items()}}
                  for x in (cfg["stress"] or [])]
    for k, v in (cfg.get("watchlist") or {}).items():
        WATCHLIST[k] = _num_str(v, WATCHLIST.get(k)) if k in ("protracted_default_over", "disputed_over", "rising_by",
                                                              "single_name_cap") else v
    return "DIR/creditreport.yml"

ITEM_FILES = ["items.csv", "items-gmbh.csv"]      # config order
TYPES = {"invoice", "credit_note", "payment", ""}
DISPUTED_TRUE = {"true", "1", "yes", "y", "x"}
DISPUTED_FALSE = {"false", "0", "no", "n", ""}

GERMAN = {
    "encoding": "cp1252",
    "delimiter": ";",
    "headers": {
        "Belegnummer": "document_id", "Kundennummer": "customer_id", "Belegart": "type",
        "Belegdatum": "document_date", "Fälligkeit": "due_date", "Währung": "currency",
        "Betrag": "amount", "Offener Betrag": "open_amount", "Ausgleichsdatum": "cleared_date",
        "Strittig": "disputed",
    },
    "types": {"RE": "invoice", "GS": "credit_note", "ZA": "payment"},
}

R_EMPTY = "empty required field"
R_DATE = "invalid date"
R_NUMBER = "non-numeric amount"
R_CUSTOMER = "unknown customer_id"
R_DUPLICATE = "duplicate document_id"
R_DISPUTED = "invalid disputed value"
R_TYPE = "invalid type"
R_FX = "no FX rate for currency"

CANON_NUM = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
GERMAN_NUM = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
DE_DATE = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$")


# ---------------------------------------------------------------- UBL 2.1 (Peppol BIS Billing 3.0)
UBL_FOLDER = "ubl/"          # config order: after the CSV item files (inputs.items: - ubl/)
UBL_ROOTS = {
    "{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice": "invoice",
    "{urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2}CreditNote": "credit_note",
}
UBL_NS = {"cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
          "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"}
BUYER = "cac:AccountingCustomerParty/cac:Party/"
# the buyer's id: the first of these that is present and not blank
UBL_BUYER_IDS = [BUYER + "cac:PartyIdentification/cbc:ID", BUYER + "cbc:EndpointID",
                 BUYER + "cac:PartyLegalEntity/cbc:CompanyID", BUYER + "cac:PartyTaxScheme/cbc:CompanyID"]



def parse_xml_with_lines(path):
    """(root, {element: 1-based line of its start tag}), through pyexpat (ElementTree keeps no positions)."""
    builder = ET.TreeBuilder()
    lines = {}
    p = xml.parsers.expat.ParserCreate(namespace_separator="}")

    def qname(n):
        return "{" + n if "}" in n else n

    def start(name, attrs):
        e = builder.start(qname(name), {qname(k): v for k, v in attrs.items()})
        lines[e] = p.CurrentLineNumber

    p.StartElementHandler = start
    p.EndElementHandler = lambda name: builder.end(qname(name))
    p.CharacterDataHandler = builder.data
    with open(path, "rb") as f:
        p.ParseFile(f)
    return builder.close(), lines


def terms_days(note):
    """The net term a payment-terms note states: the number after "net"/"netto" ("2/10 net 30"), else the
    largest number directly followed by a word for days ("3% within 10 days, 30 days net" -> 30), or by 天;
    1..720, else None."""
    text = note.lower()
    m = re.search(r"\b(?:net|netto|n)\s+([0-9]+)", text)
    if m:
        days = int(m.group(1))
    else:
        found = [int(x) for x in re.findall(r"([0-9]+)\s*(?:days?|tagen?|dager|dagar|dage|jours?|dias|días|giorni|dni|dagen)\b", text)]
        found += [int(x) for x in re.findall(r"([0-9]+)天", text)]
        if not found:
            return None
        days = max(found)
    return days if 0 < days <= 720 else None


def read_ubl(path, shown):
    """One UBL Invoice / CreditNote as a canonical item row: document_id = ID, customer_id = the buyer's id,
    type invoice / credit_note (by the root), document_date = IssueDate, due_date = DueDate, else
    PaymentMeans/PaymentDueDate, else IssueDate + the days of the PaymentTerms note, else empty (the
    customer's terms), currency = DocumentCurrencyCode, amount (the sale) = TaxInclusiveAmount (else
    PayableAmount), open_amount = PayableAmount (already net of a PrepaidAmount). Returns row, the buyer's
    party data, line_of(field) and a problem found before the row (PayableAmount in another currency than
    the document)."""
    root, lines = parse_xml_with_lines(path)
    kind = UBL_ROOTS.get(root.tag)
    if kind is None:
        sys.exit("oracle: %s: root %s is not a UBL 2.1 Invoice or CreditNote" % (shown, root.tag))

    def el(q):
        return root.find(q, UBL_NS)

    def text(q):
        e = el(q)
        return None if e is None else (e.text or "").strip()

    src = {}
    cid = ""
    for q in UBL_BUYER_IDS:
        if text(q):
            cid, src["customer_id"] = text(q), q
            break
    due = ""
    for q in ("cbc:DueDate", "cac:PaymentMeans/cbc:PaymentDueDate"):
        if el(q) is not None:
            due, src["due_date"] = text(q), q
            break
    else:
        note, issued = text("cac:PaymentTerms/cbc:Note"), parse_date(text("cbc:IssueDate") or "")
        days = terms_days(note) if note is not None else None
        if days is not None and issued is not None:
            due, src["due_date"] = (issued + dt.timedelta(days=days)).isoformat(), "cac:PaymentTerms/cbc:Note"
    payable = "cac:LegalMonetaryTotal/cbc:PayableAmount"
    inclusive = "cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount"
    sale = inclusive if el(inclusive) is not None else payable
    src.update(document_id="cbc:ID", document_date="cbc:IssueDate", currency="cbc:DocumentCurrencyCode",
               amount=sale, open_amount=payable)
    row = {"document_id": text("cbc:ID") or "", "customer_id": cid, "type": kind,
           "document_date": text("cbc:IssueDate") or "", "due_date": due,
           "currency": text("cbc:DocumentCurrencyCode") or "", "amount": text(sale) or "",
           "open_amount": text(payable) or "", "cleared_date": "", "disputed": ""}
    problem = None
    stated = el(payable).get("currencyID", "").strip() if el(payable) is not None else ""
    if stated and row["currency"] and stated != row["currency"]:
        problem = ("currency", "PayableAmount in %s, not the document currency" % stated)
    country = text(BUYER + "cac:PostalAddress/cac:Country/cbc:IdentificationCode")
    name = text(BUYER + "cac:PartyLegalEntity/cbc:RegistrationName")
    if name is None:
        name = text(BUYER + "cac:PartyName/cbc:Name") or ""
    party = {"id": cid, "name": name, "country": (country or "").upper()}

    def line_of(field):
        e = el(src[field]) if field in src else None
        return lines[e] if e is not None else lines[root]

    return {"row": row, "party": party, "line_of": line_of, "problem": problem}

class Reject(Exception):
    def __init__(self, field, reason):
        super().__init__(reason)
        self.field, self.reason = field, reason


def parse_number(s, german=False):
    s = s.strip()
    if german:
        if not GERMAN_NUM.match(s):
            return None
        return Decimal(s.replace(".", "").replace(",", "."))
    if not CANON_NUM.match(s):
        return None
    return Decimal(s)


def parse_date(s, german=False):
    m = (DE_DATE if german else ISO_DATE).match(s.strip())
    if not m:
        return None
    if german:
        d, mo, y = (int(g) for g in m.groups())
    else:
        y, mo, d = (int(g) for g in m.groups())
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None


def read_rows(path, encoding="utf-8-sig", delimiter=",", header_map=None):
    """Yield (physical line of the record's start, dict canonical-field -> raw string)."""
    with open(path, encoding=encoding, newline="") as f:
        text = f.read()
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader)
    names = [h.strip() for h in header]
    if header_map:
        names = [header_map.get(h, h) for h in names]
    last = reader.line_num
    for rec in reader:
        start = last + 1
        last = reader.line_num
        if not rec or all(not c.strip() for c in rec):
            continue   # blank line: not a data row
        row = {}
        for i, n in enumerate(names):
            row[n] = rec[i].strip() if i < len(rec) else ""
        yield start, row


HALF_CENT_TIES = []


def money(x):
    # an exact half cent is where half-even and half-away-from-zero disagree: worth a warning,
    # since a test fixture should not hinge on it by accident
    if (x * 100) % 1 != 0 and (x * 200) % 1 == 0:
        HALF_CENT_TIES.append(x)
    return float(x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def cents(x):
    """x rounded half away from zero to 2 decimals, as a Decimal."""
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def ratio(num, den):
    if den == 0:
        return None
    return float(Decimal(num) / Decimal(den))


def concentration(exposures):
    """exposures: dict key -> Decimal. Returns the METRICS.md concentration block."""
    xs = sorted(((k, v) for k, v in exposures.items() if v > 0), key=lambda kv: (-kv[1], kv[0]))
    K = len(xs)
    total = sum((v for _, v in xs), Decimal(0))
    if K == 0:
        return {"k": 0, "hhi": None, "normalised_hhi": None, "effective_number": None,
                "gini": None, "cr1": None, "cr5": None, "cr10": None, "cr20": None, "top": []}
    shares = [v / total for _, v in xs]
    hhi = sum((s * s for s in shares), Decimal(0))
    norm = Decimal(0) if K == 1 else (hhi - Decimal(1) / K) / (1 - Decimal(1) / K)
    # sum over all ordered pairs of |x_i - x_j| = 2 * sum_i (2i - K - 1) x_(i), x ascending, i = 1..K
    asc = sorted(v for _, v in xs)
    pair_sum = 2 * sum(((2 * i - K - 1) * v for i, v in enumerate(asc, 1)), Decimal(0))
    gini = pair_sum / (2 * K * K * (total / K))

    def cr(n):
        return 1.0 if K <= n else float(sum(shares[:n], Decimal(0)))

    return {
        "k": K,
        "hhi": float(hhi),
        "hhi_points": float(hhi * 10000),
        "normalised_hhi": float(norm),
        "effective_number": float(1 / hhi),
        "gini": float(gini),
        "cr1": cr(1), "cr5": cr(5), "cr10": cr(10), "cr20": cr(20),
        "top": [{"key": k, "exposure": money(v), "share": float(v / total)} for k, v in xs[:20]],
    }


Q4 = Decimal("0.0001")


def q4(x):
    """docs/analytics.md: per-customer ECL rounded to 1/10,000 before it is summed (half away from zero)."""
    return x.quantize(Q4, rounding=ROUND_HALF_UP)


def bucket_index(dpd, bounds):
    if dpd <= 0:
        return 0
    for i, hi in enumerate(bounds):
        if dpd <= hi:
            return i + 1
    return len(bounds) + 1


def month_length(y, m):
    return (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.date(y, m, 1)).days


def prev_month(y, m):
    return (y, m - 1) if m > 1 else (y - 1, 12)


def dso_kpis(net, not_due, S, n):
    """(DSO, BPDSO, ADD) of METRICS.md; all None when S = 0."""
    if S == 0:
        return None, None, None
    dso = net / S * n
    bp = not_due / S * n
    return float(dso), float(bp), float(dso - bp)


def cei_value(ar_begin, S, net, not_due, mode, n):
    """CEI in percent; S is the period's sales, divided by n/30 for cei_sales: monthly."""
    s = S if mode == "period" else S / (Decimal(n) / 30)
    den = ar_begin + s - not_due
    if den == 0:
        return None
    return float((ar_begin + s - net) / den * 100)


def count_back(net, monthly_sales, D, first_month):
    """Count-back DSO: walk back from the month of D (days 1..D) to first_month (inclusive);
    None when net AR is not used up by then, 0 when net AR <= 0."""
    if net <= 0:
        return 0.0
    if first_month is None:
        return None
    remaining, total = net, Decimal(0)
    y, m = D.year, D.month
    days = Decimal(D.day)
    while (y, m) >= first_month:
        s = monthly_sales.get((y, m), Decimal(0))
        if remaining > s:
            remaining -= s
            total += days
        else:
            return float(total + remaining / s * days)
        y, m = prev_month(y, m)
        days = Decimal(month_length(y, m))
    return None


def payment_days(sales, p_start, D):
    """(average days to pay, average days beyond terms) over sales cleared in [p_start, D]."""
    w = dtp = dbt = Decimal(0)
    for it in sales:
        c = it["cleared"]
        if c is None or not (p_start <= c <= D):
            continue
        a = it["amount"]
        w += a
        dtp += a * (c - it["ddate"]).days
        dbt += a * max(0, (c - it["due"]).days)
    if w == 0:
        return None, None
    return float(dtp / w), float(dbt / w)


def provision_ecl(balances, rates, mult, indemnity, insured, gross):
    """ECL_c = sum_b min(1, r_b * m_c) * bal_b * (1 - indemnity * min(1, insured / G_c)); G_c > 0.
    docs/analytics.md: a loss rate times the country multiplier is capped at 1."""
    cover = 1 - indemnity * min(Decimal(1), insured / gross)
    return sum((min(Decimal(1), r * mult) * b for r, b in zip(rates, balances)), Decimal(0)) * cover


def last_month_ends(D, k):
    """M_0 < ... < M_k: the last k+1 month-ends on or before D."""
    y, m = D.year, D.month
    e = dt.date(y, m, month_length(y, m))
    if e > D:
        y, m = prev_month(y, m)
        e = dt.date(y, m, month_length(y, m))
    ends = []
    while len(ends) < k + 1:
        ends.append(e)
        y, m = prev_month(e.year, e.month)
        e = dt.date(y, m, month_length(y, m))
    return ends[::-1]


def is_open_at(it, t):
    return it["ddate"] <= t and (it["cleared"] is None or it["cleared"] > t)


def balance_at(it, t):
    """docs/analytics.md, balance at a past day t: 0 unless open at t; the original amount when the item has
    a cleared_date (open in full until then); otherwise its open_amount at D."""
    if not is_open_at(it, t):
        return Decimal(0)
    if it["cleared"] is not None:
        return it["amount"] if it["amount"] is not None else it["open"]
    return it["open"]


def roll_rates(sales, ends, bounds):
    """Brute force over every transition M_j -> M_j+1 and every sale (docs/analytics.md), each sale at its
    balance at M_j (balance_at).
    Returns per bucket dicts with balance, stay, roll, paid, monthly_roll_rate, roll_rate, loss_rate
    (Decimal or None)."""
    nb = len(bounds) + 2
    Z = Decimal(0)
    bal, stay, roll, paid = [Z] * nb, [Z] * nb, [Z] * nb, [Z] * nb
    for j in range(len(ends) - 1):
        a, b = ends[j], ends[j + 1]
        for it in sales:
            if not is_open_at(it, a):
                continue
            amt = balance_at(it, a)     # the same at b when still open there
            ba = bucket_index((a - it["due"]).days, bounds)
            bal[ba] += amt
            if is_open_at(it, b):
                bb = bucket_index((b - it["due"]).days, bounds)
                if bb == ba:
                    stay[ba] += amt
                elif bb > ba:
                    roll[ba] += amt
                else:
                    raise AssertionError("an open sale cannot move to an earlier bucket")
            else:
                paid[ba] += amt
    out = []
    for i in range(nb):
        assert bal[i] == stay[i] + roll[i] + paid[i]
        out.append({"balance": bal[i], "stay": stay[i], "roll": roll[i], "paid": paid[i],
                    "monthly_roll_rate": None if bal[i] == 0 else roll[i] / bal[i],
                    "roll_rate": None if bal[i] - stay[i] == 0 else roll[i] / (bal[i] - stay[i])})
    loss = Decimal(1)
    out[-1]["loss_rate"] = loss
    for i in range(nb - 2, -1, -1):
        rho = out[i]["roll_rate"]
        loss = None if rho is None or loss is None else rho * loss
        out[i]["loss_rate"] = loss
    return out


def month_end_trend(items, D, bounds, rates):
    """docs/analytics.md, month-end trend: at each of the last 12 month-ends M on or before D (oldest first),
    brute force over every item at its balance at M (balance_at). Positive balances make gross AR and are
    aged by (M - due).days into the buckets; those with the due date before M are overdue; negative balances
    are credits. ECL = sum of bucket x configured loss rate, rounded half away from zero to 0.0001, before
    country multipliers and insurance. DSO = net AR / S x days, S = sales (invoice or no type, amount > 0)
    issued in the three calendar months ending at M, days = the days of those months; None when S = 0."""
    nb = len(bounds) + 2
    Z = Decimal(0)
    rows = []
    for M in last_month_ends(D, 11):
        gross = credits = overdue = Z
        buckets = [Z] * nb
        for it in items:
            bal = balance_at(it, M)
            if bal > 0:
                gross += bal
                dpd = (M - it["due"]).days
                buckets[bucket_index(dpd, bounds)] += bal
                if it["due"] < M:
                    overdue += bal
            elif bal < 0:
                credits += bal
        y, m = M.year, M.month
        for _ in range(2):
            y, m = prev_month(y, m)
        first = dt.date(y, m, 1)
        days = (M - first).days + 1
        S = sum((it["amount"] for it in items if it["type"] in ("invoice", "") and it["amount"] is not None
                 and it["amount"] > 0 and first <= it["ddate"] <= M), Z)
        net = gross + credits
        ecl = q4(sum((b * r for b, r in zip(buckets, rates)), Z))
        rows.append({"month_end": M, "gross_ar": gross, "credits": credits, "net_ar": net, "overdue": overdue,
                     "overdue_share": ratio(overdue, gross), "buckets": buckets, "ecl_before_multipliers": ecl,
                     "dso": None if S == 0 else float(net / S * days)})
    return rows


def selftest():
    c = concentration({"a": Decimal(500), "b": Decimal(300), "c": Decimal(100), "d": Decimal(50),
                       "e": Decimal(50)})
    assert abs(c["hhi"] - 0.355) < 1e-12, c["hhi"]
    assert abs(c["normalised_hhi"] - 0.19375) < 1e-12, c["normalised_hhi"]
    assert abs(c["gini"] - 0.46) < 1e-12, c["gini"]
    assert c["cr1"] == 0.5, c["cr1"]
    assert abs(c["effective_number"] - 1 / 0.355) < 1e-12
    assert c["cr5"] == 1.0 and c["cr10"] == 1.0
    one = concentration({"x": Decimal(7)})
    assert one["hhi"] == 1.0 and one["normalised_hhi"] == 0.0 and one["gini"] == 0.0
    # CEI worked example of METRICS.md
    b, sales, e, ec = Decimal(6200), Decimal(10890), Decimal(6340), Decimal(3590)
    cei = (b + sales - e) / (b + sales - ec) * 100
    assert f"{cei:.2f}" == "79.63", cei
    cei_m = (b + sales / 3 - e) / (b + sales / 3 - ec) * 100
    assert f"{cei_m:.2f}" == "55.93", cei_m
    assert f"{cei_value(b, sales, e, ec, 'period', 90):.2f}" == "79.63"
    assert f"{cei_value(b, sales, e, ec, 'monthly', 90):.2f}" == "55.93"
    # DSO example: AR 15,000, sales 10,000 in 30 days, current (not due) 4,000 -> 45 / 12 / 33
    d_, bp_, add_ = dso_kpis(Decimal(15000), Decimal(4000), Decimal(10000), 30)
    assert (d_, bp_, add_) == (45.0, 12.0, 33.0), (d_, bp_, add_)
    assert dso_kpis(Decimal(1), Decimal(1), Decimal(0), 30) == (None, None, None)
    # IFRS 9 IE Example 12 provision matrix: 15.0m @0.3%, 7.5m @1.6%, 4.0m @3.6%, 2.5m @6.6%,
    # 1.0m @10.6% -> 580,000 (multiplier 1, no cover)
    bal = [Decimal(x) for x in ("15000000", "7500000", "4000000", "2500000", "1000000", "0", "0")]
    rates = [Decimal(x) for x in ("0.003", "0.016", "0.036", "0.066", "0.106", "0.25", "0.50")]
    assert provision_ecl(bal, rates, Decimal(1), Decimal("0.9"), Decimal(0), sum(bal)) == 580000
    # ... fully insured at 90% indemnity leaves 10%; multiplier 1.7 scales it
    assert provision_ecl(bal, rates, Decimal("1.7"), Decimal("0.9"), Decimal(10 ** 9), sum(bal)) == \
        Decimal("98600.000")
    # count-back DSO by hand: D = 2026-03-10, net 1,500; March sales 500 (10 days), Feb 2,000 (28 days)
    # -> 10 + 1000/2000*28 = 24; history limited to March only -> None
    ms = {(2026, 3): Decimal(500), (2026, 2): Decimal(2000)}
    assert count_back(Decimal(1500), ms, dt.date(2026, 3, 10), (2025, 1)) == 24.0
    assert count_back(Decimal(1500), ms, dt.date(2026, 3, 10), (2026, 3)) is None
    assert count_back(Decimal(-5), ms, dt.date(2026, 3, 10), (2026, 3)) == 0.0
    # month-ends and a two-bucket roll-rate example (bounds [30]: not due, 1-30, >30)
    assert last_month_ends(dt.date(2026, 11, 20), 2) == [dt.date(2026, 8, 31), dt.date(2026, 9, 30),
                                                         dt.date(2026, 10, 31)]
    assert last_month_ends(dt.date(2026, 10, 31), 0) == [dt.date(2026, 10, 31)]
    d = dt.date
    toy = [  # due 2026-09-15: not due at 08-31, 1-30 at 09-30, >30 at 10-31 unless paid
        {"amount": Decimal(100), "open": Decimal(100), "ddate": d(2026, 8, 1), "due": d(2026, 9, 15),
         "cleared": None},
        {"amount": Decimal(300), "open": Decimal(0), "ddate": d(2026, 8, 1), "due": d(2026, 9, 15),
         "cleared": d(2026, 10, 5)},
        {"amount": Decimal(600), "open": Decimal(0), "ddate": d(2026, 8, 1), "due": d(2026, 9, 15),
         "cleared": d(2026, 9, 20)},
    ]
    rr = roll_rates(toy, last_month_ends(d(2026, 11, 20), 2), [30])
    # not due: balance 1000, 400 rolled, 600 paid -> 0.4; 1-30: balance 400, 100 rolled -> 0.25
    assert [x["balance"] for x in rr] == [1000, 400, 0]
    assert rr[0]["roll_rate"] == Decimal("0.4") and rr[1]["roll_rate"] == Decimal("0.25")
    assert rr[2]["roll_rate"] is None and rr[2]["loss_rate"] == 1
    assert rr[1]["loss_rate"] == Decimal("0.25") and rr[0]["loss_rate"] == Decimal("0.1")
    # balance at a past day: a part-paid invoice still open counts at its open amount, a cleared one at its
    # original amount until cleared, nothing before its document date
    part = {"amount": Decimal(1000), "open": Decimal(250), "ddate": d(2026, 8, 1), "due": d(2026, 9, 15),
            "cleared": None}
    assert balance_at(part, d(2026, 9, 30)) == 250 and balance_at(part, d(2026, 7, 31)) == 0
    assert balance_at(toy[1], d(2026, 10, 4)) == 300 and balance_at(toy[1], d(2026, 10, 5)) == 0
    rr2 = roll_rates(toy[1:] + [part], last_month_ends(d(2026, 11, 20), 2), [30])
    assert [x["balance"] for x in rr2] == [1150, 550, 0] and rr2[1]["roll"] == 250
    # ECL cap: 0.50 x 2.5 -> 1, 0.25 x 2.5 = 0.625; no cover
    assert provision_ecl([Decimal(0)] * 5 + [Decimal(100), Decimal(100)], rates, Decimal("2.5"), Decimal("0.9"),
                         Decimal(0), Decimal(200)) == Decimal("162.5")
    # number and date parsing
    assert parse_number("12.345,67", german=True) == Decimal("12345.67")
    assert parse_number("-1.234,5", german=True) == Decimal("-1234.5")
    assert parse_number("12,5.0", german=True) is None
    assert parse_number("#VALUE!") is None and parse_number("-0.50") == Decimal("-0.50")
    assert parse_date("2026-02-30") is None and parse_date("31.04.2026", german=True) is None
    assert parse_date("29.02.2028", german=True) == dt.date(2028, 2, 29)
    assert money(Decimal("0.005")) == 0.01 and money(Decimal("-0.005")) == -0.01
    # UBL payment-terms notes
    assert terms_days("Payment within 30 days") == 30 and terms_days("Net 45") == 45
    assert terms_days("Zahlbar innerhalb 14 Tagen, 2 % Skonto") == 14
    assert terms_days("Payable by the due date above") is None and terms_days("2% discount") is None
    assert terms_days("0 days") is None and terms_days("999 days") is None
    # month-end trend by hand: as of 2026-05-15, buckets [30, 60], rates 1/5/10/50%; A paid late, B open
    # (due by terms), C part-paid (300 of 800 owed), D credit note, P payment on account, F paid before the
    # month-end, H issued and cleared on month-ends
    Dc = Decimal
    t_items = [
        {"type": "invoice", "amount": Dc(1000), "open": Dc(0), "ddate": d(2026, 1, 10), "due": d(2026, 2, 9),
         "cleared": d(2026, 3, 20)},
        {"type": "invoice", "amount": Dc(2000), "open": Dc(2000), "ddate": d(2026, 2, 5), "due": d(2026, 3, 7),
         "cleared": None},
        {"type": "invoice", "amount": Dc(800), "open": Dc(300), "ddate": d(2026, 1, 20), "due": d(2026, 1, 31),
         "cleared": None},
        {"type": "credit_note", "amount": Dc(-150), "open": Dc(-150), "ddate": d(2026, 3, 10),
         "due": d(2026, 3, 10), "cleared": None},
        {"type": "payment", "amount": Dc(-500), "open": Dc(0), "ddate": d(2026, 2, 15), "due": d(2026, 2, 15),
         "cleared": d(2026, 3, 5)},
        {"type": "invoice", "amount": Dc(1200), "open": Dc(0), "ddate": d(2026, 4, 2), "due": d(2026, 5, 2),
         "cleared": d(2026, 4, 28)},
        {"type": "invoice", "amount": Dc(500), "open": Dc(0), "ddate": d(2026, 3, 31), "due": d(2026, 4, 30),
         "cleared": d(2026, 4, 30)},
    ]
    tr = month_end_trend(t_items, d(2026, 5, 15), [30, 60], [Dc("0.01"), Dc("0.05"), Dc("0.10"), Dc("0.50")])
    assert [r["month_end"] for r in tr][::11] == [d(2025, 5, 31), d(2026, 4, 30)]
    assert all(r["net_ar"] == 0 and r["dso"] is None and r["overdue_share"] is None for r in tr[:8])
    assert [r["buckets"] for r in tr[8:]] == [[1300, 0, 0, 0], [2000, 1300, 0, 0], [500, 2000, 300, 0],
                                              [0, 0, 2000, 300]]
    assert [(r["gross_ar"], r["credits"], r["net_ar"], r["overdue"]) for r in tr[8:]] == \
        [(1300, 0, 1300, 0), (3300, -500, 2800, 1300), (2800, -150, 2650, 2300), (2300, -150, 2150, 2300)]
    assert [r["ecl_before_multipliers"] for r in tr[8:]] == [13, 85, 135, 350]
    assert [r["overdue_share"] for r in tr[8:]] == [0.0, float(Dc(1300) / 3300), float(Dc(2300) / 2800), 1.0]
    assert [r["dso"] for r in tr[8:]] == [float(Dc(1300) / 1800 * 92), float(Dc(2800) / 3800 * 90),
                                          float(Dc(2650) / 4300 * 90), float(Dc(2150) / 3700 * 89)]
    HALF_CENT_TIES.clear()
    print("selftest ok", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", nargs="?")
    ap.add_argument("--as-of", default="2026-11-20")
    ap.add_argument("--selftest", action="store_true")
    ap.add_argument("--item-quantum", default=None)
    a = ap.parse_args()
    if a.selftest:
        selftest()
        if not a.dir:
            return
    if not a.dir:
        ap.error("DIR is required")
    D = dt.date.fromisoformat(a.as_of)
    quantum = Decimal(a.item_quantum) if a.item_quantum else None
    config_used = load_config(a.dir)

    counts = {"rows_read": 0, "rows_used": 0, "rows_rejected": 0, "rows_skipped": 0}
    per_file = {}
    rejects = []

    def reject(fname, line, field, reason, document_id="", counted_as=None):
        """counted_as: the input whose counts the reject goes to (a folder input: "ubl/"), default fname."""
        rejects.append({"file": fname, "line": line, "field": field, "reason": reason,
                        "document_id": document_id})
        counts["rows_rejected"] += 1
        per_file[counted_as or fname]["rejected"] += 1

    def begin(fname):
        per_file[fname] = {"read": 0, "used": 0, "rejected": 0, "skipped": 0}

    def read(fname):
        counts["rows_read"] += 1
        per_file[fname]["read"] += 1

    def use(fname):
        counts["rows_used"] += 1
        per_file[fname]["used"] += 1

    # ------------------------------------------------------------------ fx
    rates = {REPORTING: Decimal(1)}
    begin("fx.csv")
    seen = set()
    for line, r in read_rows(os.path.join(a.dir, "fx.csv")):
        read("fx.csv")
        cur, rate_s = r.get("currency", "").upper(), r.get("rate", "")
        if not cur:
            reject("fx.csv", line, "currency", R_EMPTY); continue
        if not rate_s:
            reject("fx.csv", line, "rate", R_EMPTY); continue
        rate = parse_number(rate_s)
        if rate is None or rate <= 0:
            reject("fx.csv", line, "rate", "invalid rate"); continue
        if cur in seen:
            reject("fx.csv", line, "currency", "duplicate currency"); continue
        seen.add(cur)
        rates[cur] = rate
        use("fx.csv")

    # ------------------------------------------------------------------ country risk
    ratings = {}
    begin("country_risk.csv")
    for line, r in read_rows(os.path.join(a.dir, "country_risk.csv")):
        read("country_risk.csv")
        c, g = r.get("country", "").upper(), r.get("rating", "")
        if not c:
            reject("country_risk.csv", line, "country", R_EMPTY); continue
        if not g:
            reject("country_risk.csv", line, "rating", R_EMPTY); continue
        if c in ratings:
            reject("country_risk.csv", line, "country", "duplicate country"); continue
        ratings[c] = g
        use("country_risk.csv")

    # ------------------------------------------------------------------ customers
    customers = {}
    begin("customers.csv")
    for line, r in read_rows(os.path.join(a.dir, "customers.csv")):
        read("customers.csv")
        cid = r.get("customer_id", "")
        if not cid:
            reject("customers.csv", line, "customer_id", R_EMPTY); continue
        if cid in customers:
            reject("customers.csv", line, "customer_id", "duplicate customer_id"); continue
        bad = None
        vals = {}
        for f in ("credit_limit", "insured_limit", "payment_terms_days"):
            s = r.get(f, "")
            if s:
                v = parse_number(s)
                if v is None:
                    bad = f
                    break
                vals[f] = v
            else:
                vals[f] = None
        if bad:
            reject("customers.csv", line, bad, R_NUMBER); continue
        lcur = (r.get("limit_currency", "") or REPORTING).upper()
        flags = []
        limit = vals["credit_limit"]
        insured = vals["insured_limit"]
        if lcur not in rates:
            if limit is not None or insured is not None:
                flags.append("limit currency %s has no FX rate: treated as no limit" % lcur)
            limit = insured = None
        else:
            limit = None if limit is None else limit * rates[lcur]
            insured = None if insured is None else insured * rates[lcur]
        if limit is None:
            flags.append("no limit")
        customers[cid] = {
            "id": cid, "country": r.get("country", "").upper(), "industry": r.get("industry", ""),
            "group": r.get("group_id", ""), "grade": r.get("risk_grade", ""),
            "terms": vals["payment_terms_days"], "limit": limit, "insured": insured, "flags": flags,
        }
        use("customers.csv")

    # ------------------------------------------------------------------ items
    items = []
    claimed = set()

    def post(fname, line, r, german=False, shown=None, line_of=None, credits_negative=False):
        """Validates one item row (dict canonical field -> raw string) and posts it. fname: the input the row
        counts for; shown: the file named in a reject (default fname); line_of(field): the line a reject names
        (default line)."""
        shown = shown or fname

        def fail(field, reason, doc):
            reject(shown, line_of(field) if line_of else line, field, reason, doc, counted_as=fname)

        doc = r.get("document_id", "")
        try:
            if not doc:
                raise Reject("document_id", R_EMPTY)
            cid = r.get("customer_id", "")
            if not cid:
                raise Reject("customer_id", R_EMPTY)
            typ = r.get("type", "")
            if german:
                if typ not in GERMAN["types"] and typ != "":
                    raise Reject("type", R_TYPE)
                typ = GERMAN["types"].get(typ, "")
            typ = typ.lower()
            if typ not in TYPES:
                raise Reject("type", R_TYPE)
            ddate_s = r.get("document_date", "")
            if not ddate_s:
                raise Reject("document_date", R_EMPTY)
            ddate = parse_date(ddate_s, german)
            if ddate is None:
                raise Reject("document_date", R_DATE)
            due = None
            if r.get("due_date", ""):
                due = parse_date(r["due_date"], german)
                if due is None:
                    raise Reject("due_date", R_DATE)
            cur = r.get("currency", "").upper()
            if not cur:
                raise Reject("currency", R_EMPTY)
            amount = None
            if r.get("amount", ""):
                amount = parse_number(r["amount"], german)
                if amount is None:
                    raise Reject("amount", R_NUMBER)
            if not r.get("open_amount", ""):
                raise Reject("open_amount", R_EMPTY)
            open_ = parse_number(r["open_amount"], german)
            if open_ is None:
                raise Reject("open_amount", R_NUMBER)
            cleared = None
            if r.get("cleared_date", ""):
                cleared = parse_date(r["cleared_date"], german)
                if cleared is None:
                    raise Reject("cleared_date", R_DATE)
            disp = r.get("disputed", "").lower()
            if disp in DISPUTED_TRUE:
                disputed = True
            elif disp in DISPUTED_FALSE:
                disputed = False
            else:
                raise Reject("disputed", R_DISPUTED)
            if cid not in customers:
                raise Reject("customer_id", R_CUSTOMER)
            if cur not in rates:
                raise Reject("currency", R_FX)
        except Reject as e:
            fail(e.field, e.reason, doc)
            return
        if ddate > D:
            counts["rows_skipped"] += 1
            per_file[fname]["skipped"] += 1
            return
        if doc in claimed:
            fail("document_id", R_DUPLICATE, doc)
            return
        claimed.add(doc)
        use(fname)
        if credits_negative and typ in ("credit_note", "payment"):
            # UBL: a credit note states a positive PayableAmount; credits are negative (METRICS.md)
            amount = None if amount is None else -abs(amount)
            open_ = -abs(open_)

        def eur(x):
            if x is None:
                return None
            v = x * rates[cur]
            return v.quantize(quantum, rounding=ROUND_HALF_UP) if quantum else v

        c = customers[cid]
        if due is None:
            due = ddate + dt.timedelta(days=int(c["terms"])) if c["terms"] is not None else ddate
        items.append({"id": doc, "cid": cid, "type": typ, "ddate": ddate, "due": due,
                      "amount": eur(amount), "open": eur(open_), "cleared": cleared,
                      "disputed": disputed, "dpd": (D - due).days, "file": shown, "line": line})

    for fname in ITEM_FILES:
        path = os.path.join(a.dir, fname)
        if not os.path.exists(path):
            continue
        german = fname == "items-gmbh.csv"
        begin(fname)
        if german:
            rows = read_rows(path, GERMAN["encoding"], GERMAN["delimiter"], GERMAN["headers"])
        else:
            rows = read_rows(path)
        for line, r in rows:
            read(fname)
            post(fname, line, r, german)

    # UBL e-invoices: DIR/ubl/*.xml in file-name order, one input named "ubl/" (its rejects "ubl/<file>")
    ubl_dir = os.path.join(a.dir, UBL_FOLDER.rstrip("/"))
    if os.path.isdir(ubl_dir):
        begin(UBL_FOLDER)
        for name in sorted(n for n in os.listdir(ubl_dir) if n.lower().endswith(".xml") and not n.startswith(".")):
            shown = UBL_FOLDER + name
            doc = read_ubl(os.path.join(ubl_dir, name), shown)
            read(UBL_FOLDER)
            r, where = doc["row"], doc["line_of"]
            if doc["problem"]:
                field, reason = doc["problem"]
                reject(shown, where(field), field, reason, r["document_id"], counted_as=UBL_FOLDER)
                continue
            party = doc["party"]
            if r["customer_id"] and r["customer_id"] not in customers and party["id"]:
                # a buyer that customers.csv does not list: a customer from the document's own party data
                customers[party["id"]] = {
                    "id": party["id"], "country": party["country"], "industry": "", "group": "", "grade": "",
                    "terms": None, "limit": None, "insured": None, "flags": ["no limit"],
                    "name": party["name"], "source": shown,
                }
            post(UBL_FOLDER, where("document_id"), r, shown=shown, line_of=where, credits_negative=True)

    # ------------------------------------------------------------------ portfolio
    bounds = POLICY["aging_buckets"]
    labels = ["not due"] + ["%d-%d" % (lo + 1, hi) for lo, hi in zip([0] + bounds[:-1], bounds)] \
        + [">%d" % bounds[-1]]

    def bucket(dpd):
        return bucket_index(dpd, bounds)

    Z = Decimal(0)
    G = C = overdue = protracted = disputed = Z
    aging = [[Z, 0] for _ in labels]
    cust_sum = {cid: Z for cid in customers}
    cust_pos = {cid: Z for cid in customers}
    cust_overdue = {cid: Z for cid in customers}
    cust_disputed = {cid: Z for cid in customers}
    cust_buckets = {cid: [Z] * len(labels) for cid in customers}
    open_items = 0
    for it in items:
        o = it["open"]
        if o == 0:
            continue
        open_items += 1
        cid = it["cid"]
        cust_sum[cid] += o
        if o < 0:
            C += o
            continue
        G += o
        cust_pos[cid] += o
        b = bucket(it["dpd"])
        aging[b][0] += o
        aging[b][1] += 1
        cust_buckets[cid][b] += o
        if it["dpd"] >= 1:
            overdue += o
            cust_overdue[cid] += o
        if it["dpd"] > POLICY["protracted_default_days"]:
            protracted += o
        if it["disputed"]:
            disputed += o
            cust_disputed[cid] += o
    net = G + C
    expo = {cid: max(Z, s) for cid, s in cust_sum.items()}
    E = sum(expo.values(), Z)
    not_due = aging[0][0]

    # ------------------------------------------------------------------ sales KPIs
    n = POLICY["dso_period_days"]
    p_start = D - dt.timedelta(days=n - 1)
    begin_day = D - dt.timedelta(days=n)
    cei_mode = POLICY["cei_sales"]

    def is_sale(it):
        return it["type"] in ("invoice", "") and it["amount"] is not None and it["amount"] > 0

    def original(it):
        return it["amount"] if it["amount"] is not None else it["open"]

    sales = [it for it in items if is_sale(it)]

    def period_sales(its):
        return sum((it["amount"] for it in its if p_start <= it["ddate"] <= D), Z)

    def ar_at_begin(its):
        return sum((original(it) for it in its
                    if it["ddate"] <= begin_day and (it["cleared"] is None or it["cleared"] > begin_day)), Z)

    def monthly(its):
        ms = {}
        for it in its:
            k = (it["ddate"].year, it["ddate"].month)
            ms[k] = ms.get(k, Z) + it["amount"]
        return ms

    S = period_sales(sales)
    dso, bpdso, add = dso_kpis(net, not_due, S, n)
    ar_begin = ar_at_begin(items)
    cei = cei_value(ar_begin, S, net, not_due, cei_mode, n)
    first_month = min((it["ddate"].year, it["ddate"].month) for it in items) if items else None
    cb_dso = count_back(net, monthly(sales), D, first_month)
    adp, adbt = payment_days(sales, p_start, D)

    # per customer: every input restricted to the customer's items
    items_of = {cid: [] for cid in customers}
    for it in items:
        items_of[it["cid"]].append(it)
    cust_window = (D.year, D.month)
    for _ in range(12):                       # the month of D and the 12 full months before it
        cust_window = prev_month(*cust_window)
    ckpi = {}
    for cid in customers:
        its = items_of[cid]
        cs = [it for it in its if is_sale(it)]
        S_c = period_sales(cs)
        nd_c = cust_buckets[cid][0]
        net_c = cust_sum[cid]
        d_c, bp_c, add_c = dso_kpis(net_c, nd_c, S_c, n)
        arb_c = ar_at_begin(its)
        adp_c, adbt_c = payment_days(cs, p_start, D)
        ckpi[cid] = {
            "credit_sales": S_c, "ar_begin": arb_c,
            "dso": d_c, "best_possible_dso": bp_c, "add": add_c,
            "cei": cei_value(arb_c, S_c, net_c, nd_c, cei_mode, n),
            "count_back_dso": count_back(net_c, monthly(cs), D, cust_window),
            "average_days_to_pay": adp_c, "average_days_beyond_terms": adbt_c,
        }

    # ------------------------------------------------------------------ country risk, insurance, ECL
    grades = SCALE["grades"]
    hi_idx = grades.index(SCALE["high_risk_from"])
    scores = {g: Decimal(SCALE["scores"][g]) if "scores" in SCALE and g in SCALE["scores"] else Decimal(i)
              for i, g in enumerate(grades)}

    def grade_in(cid, rmap):
        g = rmap.get(customers[cid]["country"])
        return g if g in grades else None

    def grade_of(cid):
        return grade_in(cid, ratings)

    def multiplier(g):
        if g is None or g not in SCALE["ecl_multiplier"]:
            return Decimal(1)
        return Decimal(SCALE["ecl_multiplier"][g])

    indemnity = Decimal(POLICY["indemnity"])
    loss = [Decimal(x) for x in POLICY["ecl_loss_rates"]]

    def insured_limit(cid):
        ins = customers[cid]["insured"]
        return ins if ins is not None else Z

    def is_insured(cid):
        ins = customers[cid]["insured"]
        return ins is not None and ins > 0

    def ecl_by_customer(rmap, rates):
        """unrounded ECL_c; customers with G_c = 0 have 0."""
        out = {}
        for cid in customers:
            Gc = cust_pos[cid]
            if Gc > 0:
                out[cid] = provision_ecl(cust_buckets[cid], rates, multiplier(grade_in(cid, rmap)),
                                         indemnity, insured_limit(cid), Gc)
            else:
                out[cid] = Z
        return out

    def ecl_total(per):
        return sum((q4(v) for v in per.values()), Z)

    ecl = ecl_by_customer(ratings, loss)
    ecl_sum = ecl_total(ecl)
    insured_exp = {cid: min(max(Z, expo[cid] - cust_disputed[cid]), insured_limit(cid)) for cid in customers}
    total_insured = sum(insured_exp.values(), Z)
    indemnified = {cid: insured_exp[cid] * indemnity for cid in customers}
    total_indemnified = sum(indemnified.values(), Z)

    def overlay(rmap):
        by_grade, unrated, high, rated_e, score_sum = {}, set(), Z, Z, Z
        unrated_e = Z
        for cid, e in expo.items():
            if e <= 0:
                continue
            g = grade_in(cid, rmap)
            key = g if g is not None else "unrated"
            by_grade[key] = by_grade.get(key, Z) + e
            if g is None:
                unrated.add(customers[cid]["country"] or "(none)")
                unrated_e += e
            else:
                rated_e += e
                score_sum += e * scores[g]
                if grades.index(g) >= hi_idx:
                    high += e
        order = [g for g in grades if g in by_grade] + (["unrated"] if "unrated" in by_grade else [])
        return {"by_grade": [(g, by_grade[g]) for g in order], "high": high, "unrated": unrated,
                "unrated_exposure": unrated_e,
                "average_score": None if rated_e == 0 else score_sum / rated_e}

    base = overlay(ratings)
    high_risk = base["high"]

    def by_grade_json(bg):
        return [{"grade": g, "exposure": money(v), "share": float(v / E)} for g, v in bg]

    by_country = {}
    for cid, e in expo.items():
        if e <= 0:
            continue
        k = customers[cid]["country"] or "(none)"
        by_country[k] = by_country.get(k, Z) + e
    by_country_out = []
    for k, v in sorted(by_country.items(), key=lambda kv: (-kv[1], kv[0])):
        g = ratings.get(k)
        g = g if g in grades else None
        by_country_out.append({"country": k, "grade": g if g is not None else "unrated",
                               "exposure": money(v), "share": float(v / E),
                               "high_risk": g is not None and grades.index(g) >= hi_idx})

    # roll-rate loss rates (observed)
    k_months = int(POLICY["roll_rate_months"])
    ends = last_month_ends(D, k_months)
    rr = roll_rates(sales, ends, bounds)
    observed = [x["loss_rate"] for x in rr]
    if all(x is not None for x in observed):
        ecl_obs = ecl_by_customer(ratings, observed)
        ecl_obs_total = ecl_total(ecl_obs)
    else:
        ecl_obs, ecl_obs_total = None, None
    unrated_customers = sorted(cid for cid in customers if cust_pos[cid] > 0 and grade_of(cid) is None)
    trend = month_end_trend(items, D, bounds, loss)

    def fl(x):
        return None if x is None else float(x)

    loss_rates_out = [{"bucket": lab, "configured": float(loss[i]), "observed": fl(rr[i]["loss_rate"]),
                       "balance": money(rr[i]["balance"]),
                       "monthly_roll_rate": fl(rr[i]["monthly_roll_rate"]), "roll_rate": fl(rr[i]["roll_rate"]),
                       "stay": money(rr[i]["stay"]), "roll": money(rr[i]["roll"]), "paid": money(rr[i]["paid"])}
                      for i, lab in enumerate(labels)]

    # ------------------------------------------------------------------ insurance
    notify_after = int(POLICY["notify_after_days"])
    claim_after = int(POLICY["claim_after_days"])
    deadlines = []
    for it in items:
        if it["open"] > 0 and it["dpd"] >= 1 and is_insured(it["cid"]):
            nb = it["due"] + dt.timedelta(days=notify_after)
            cf = it["due"] + dt.timedelta(days=claim_after)
            deadlines.append({"customer_id": it["cid"], "document_id": it["id"],
                              "due_date": it["due"].isoformat(), "open": it["open"],
                              "days_past_due": it["dpd"], "disputed": it["disputed"],
                              "notify_by": nb, "days_to_notify": (nb - D).days,
                              "claim_from": cf, "days_to_claim": (cf - D).days})
    # One line per insured customer: its oldest overdue item (earliest due date, then smallest document id)
    # sets the dates; all its overdue items are counted.
    per_customer = {}
    for x in deadlines:
        per_customer.setdefault(x["customer_id"], []).append(x)
    deadlines_out = []
    for cid, xs in per_customer.items():
        o = min(xs, key=lambda x: (x["due_date"], x["document_id"]))
        deadlines_out.append(dict(customer_id=cid, overdue_items=len(xs), overdue_amount=money(sum((x["open"] for x in xs), Z)),
                                  document_id=o["document_id"], due_date=o["due_date"],
                                  open_amount=money(o["open"]), days_past_due=o["days_past_due"], disputed=o["disputed"],
                                  notify_by=o["notify_by"].isoformat(), days_to_notify=o["days_to_notify"],
                                  claim_from=o["claim_from"].isoformat(), days_to_claim=o["days_to_claim"]))
    deadlines_out.sort(key=lambda x: (x["notify_by"], x["customer_id"]))
    shortfalls = []
    for cid in customers:
        if is_insured(cid):
            sf = max(Z, expo[cid] - customers[cid]["insured"])
            if sf > 0:
                shortfalls.append((cid, sf))
    shortfalls.sort(key=lambda x: (-x[1], x[0]))

    # ------------------------------------------------------------------ stress
    stress_out = []
    for sc in STRESS:
        rmap = dict(ratings)
        moved = []
        for country in sc["downgrade"]:        # config order
            g = ratings.get(country)
            if g not in grades:
                moved.append({"country": country, "from": None, "to": None})   # unrated stays unrated
                continue
            to = grades[min(len(grades) - 1, grades.index(g) + int(sc["downgrade"][country]))]
            rmap[country] = to
            moved.append({"country": country, "from": g, "to": to})
        st = overlay(rmap)
        st_ecl = ecl_total(ecl_by_customer(rmap, loss))
        b_avg, a_avg = base["average_score"], st["average_score"]
        stress_out.append({
            "name": sc["name"], "downgrade": sc["downgrade"], "moved": moved,
            "before": {"high_risk_exposure": money(high_risk), "average_score": fl(b_avg), "ecl": money(ecl_sum)},
            "after": {"high_risk_exposure": money(st["high"]), "average_score": fl(a_avg), "ecl": money(st_ecl)},
            # money differences of the printed (cent-rounded) figures, so that before + difference = after
            "difference": {"high_risk_exposure": float(cents(st["high"]) - cents(high_risk)),
                           "average_score": None if a_avg is None or b_avg is None else float(a_avg - b_avg),
                           "ecl": float(cents(st_ecl) - cents(ecl_sum))},
            "by_grade_after": by_grade_json(st["by_grade"]),
        })

    # ------------------------------------------------------------------ watchlist
    W = WATCHLIST
    watch = []

    def on(key):
        return W.get(key) is not False and W.get(key) is not None

    def add_line(cid, rule, amount, date=None, items=0, **extra):
        """A line: customer_id, rule, exposure, amount (what the rule is about), date (ISO or None), items."""
        watch.append(dict(customer_id=cid, rule=rule, exposure=expo[cid], amount=money(amount),
                          date=None if date is None else date.isoformat(), items=items, **extra))

    by_cid_deadlines = {}
    for x in deadlines:
        by_cid_deadlines.setdefault(x["customer_id"], []).append(x)
    pdd = int(POLICY["protracted_default_days"])
    rising_day = D - dt.timedelta(days=int(W["rising_days"])) if on("rising_days") and on("rising_by") else None
    for cid in sorted(customers):
        c = customers[cid]
        pos_open = [it for it in items_of[cid] if it["open"] > 0]
        if on("protracted_default_over"):
            # the customer's protracted-default amount: positive open items more than pdd days past due
            q = [it for it in pos_open if it["dpd"] > pdd]
            amt = sum((it["open"] for it in q), Z)
            if q and amt >= Decimal(str(W["protracted_default_over"])):
                # insured: an insured customer with an undisputed overdue item more than pdd days past due
                claimable = [x for x in by_cid_deadlines.get(cid, [])
                             if not x["disputed"] and x["days_past_due"] > pdd] if is_insured(cid) else []
                if claimable:
                    add_line(cid, "protracted_default", amt, min(x["claim_from"] for x in claimable), len(q),
                             insured=True, claim_can_be_filed=any(x["claim_from"] <= D for x in claimable))
                else:
                    add_line(cid, "protracted_default", amt, None, len(q), insured=False,
                             claim_can_be_filed=None)
        if on("notify_within_days") and is_insured(cid):
            within = int(W["notify_within_days"])
            q = [x for x in by_cid_deadlines.get(cid, []) if not x["disputed"]
                 and x["claim_from"] > D and -within <= x["days_to_notify"] <= within]
            if q:
                add_line(cid, "insurer_notification", sum((x["open"] for x in q), Z),
                         min(x["notify_by"] for x in q), len(q))
        lim = c["limit"]
        if on("over_limit") and lim is not None and expo[cid] > lim:
            add_line(cid, "over_limit", expo[cid] - lim)                 # excess over the limit
        if on("disputed_over") and cust_disputed[cid] > 0 and cust_disputed[cid] >= Decimal(str(W["disputed_over"])):
            add_line(cid, "large_dispute", cust_disputed[cid])
        g = grade_of(cid)
        if rising_day is not None and g is not None and grades.index(g) >= hi_idx and expo[cid] > 0:
            # exposure rising_days ago, rebuilt from the ledger at the balance at a past day
            then = max(Z, sum((balance_at(it, rising_day) for it in items_of[cid]), Z))
            if then == 0 or expo[cid] > then * (1 + Decimal(str(W["rising_by"]))):
                add_line(cid, "high_risk_rising", expo[cid] - then)        # rise in exposure
        if on("single_name_cap") and E > 0 and expo[cid] / E > Decimal(str(W["single_name_cap"])):
            add_line(cid, "single_name_concentration", expo[cid])
        if on("no_limit") and lim is None and expo[cid] > 0:
            add_line(cid, "no_limit", expo[cid])
    watch.sort(key=lambda x: (WATCHLIST_RULES.index(x["rule"]), -x["exposure"], x["customer_id"]))
    for x in watch:
        x["exposure"] = money(x["exposure"])

    # ------------------------------------------------------------------ concentration
    dims = {"customer": {}, "group": {}, "industry": {}, "country": {}, "rating": {}, "risk_grade": {}}
    for cid, c in customers.items():
        e = expo[cid]
        keys = {
            "customer": cid,
            "group": c["group"] or cid,
            "industry": c["industry"] or "(none)",
            "country": c["country"] or "(none)",
            "rating": grade_of(cid) or "unrated",
            "risk_grade": c["grade"] or "(none)",
        }
        for dim, k in keys.items():
            dims[dim][k] = dims[dim].get(k, Z) + e

    # ------------------------------------------------------------------ output
    cust_out = []
    for cid in sorted(customers):
        c = customers[cid]
        lim, e = c["limit"], expo[cid]
        k_ = ckpi[cid]
        cust_out.append({
            "customer_id": cid,
            "exposure": money(e),
            "overdue": money(cust_overdue[cid]),
            "credit_limit": None if lim is None else money(lim),
            "utilisation": None if lim is None or lim == 0 else float(e / lim),
            "breach": None if lim is None else bool(e > lim),
            "ecl": money(q4(ecl[cid])),
            "gross": money(cust_pos[cid]),
            "disputed": money(cust_disputed[cid]),
            "insured_limit": None if c["insured"] is None else money(c["insured"]),
            "insured_exposure": money(insured_exp[cid]),
            "flags": c["flags"],
            "net_ar": money(cust_sum[cid]),
            "not_due": money(cust_buckets[cid][0]),
            "credit_sales": money(k_["credit_sales"]),
            "ar_begin": money(k_["ar_begin"]),
            "dso": k_["dso"], "best_possible_dso": k_["best_possible_dso"], "add": k_["add"],
            "cei": k_["cei"], "count_back_dso": k_["count_back_dso"],
            "average_days_to_pay": k_["average_days_to_pay"],
            "average_days_beyond_terms": k_["average_days_beyond_terms"],
            "indemnified_exposure": money(indemnified[cid]),
            "uninsured_exposure": money(e - insured_exp[cid]),
            "ecl_at_observed_rates": None if ecl_obs is None else money(q4(ecl_obs[cid])),
            "country_grade": grade_of(cid),
        })

    out = {
        "schema": "creditreport.metrics/1",
        "as_of": D.isoformat(),
        "reporting_currency": REPORTING,
        "input": dict(counts, files=per_file),
        "portfolio": {
            "gross_ar": money(G), "credits": money(C), "net_ar": money(net),
            "overdue": money(overdue), "overdue_share": ratio(overdue, G),
            "protracted_default": money(protracted), "disputed": money(disputed),
            "aging": [{"bucket": lab, "amount": money(v), "count": k} for lab, (v, k) in zip(labels, aging)],
            "open_items": open_items,
            "total_exposure": money(E),
            "credit_sales": money(S),
            "ar_begin": money(ar_begin),
            "dso": dso, "best_possible_dso": bpdso, "add": add, "cei": cei, "count_back_dso": cb_dso,
            "ecl": money(ecl_sum),
            "insured_exposure": money(total_insured),
            "uninsured_exposure": money(E - total_insured),
            "cei_sales": cei_mode,
            "average_days_to_pay": adp,
            "average_days_beyond_terms": adbt,
            "indemnified_exposure": money(total_indemnified),
        },
        "concentration": {dim: concentration(v) for dim, v in dims.items()},
        "country_risk": {
            "by_grade": by_grade_json(base["by_grade"]),
            "high_risk_exposure": money(high_risk),
            "unrated_countries": sorted(base["unrated"]),
            "scale": SCALE["name"],
            "average_score": fl(base["average_score"]),
            "unrated_exposure": money(base["unrated_exposure"]),
            "by_country": by_country_out,
        },
        "insurance": {
            "indemnity": float(indemnity),
            "insured_customers": sum(1 for cid in customers if is_insured(cid)),
            "insured_exposure": money(total_insured),
            "indemnified_exposure": money(total_indemnified),
            "uninsured_exposure": money(E - total_insured),
            "shortfalls": [{"customer_id": cid, "exposure": money(expo[cid]),
                            "insured_limit": money(customers[cid]["insured"]), "shortfall": money(sf)}
                           for cid, sf in shortfalls],
            "deadlines": deadlines_out,
        },
        "ecl": {
            "total": money(ecl_sum),
            "total_at_observed_rates": None if ecl_obs_total is None else money(ecl_obs_total),
            "unrated_customers": len(unrated_customers),
            "unrated_customer_ids": unrated_customers,
            "month_ends": [x.isoformat() for x in ends],
            "loss_rates": loss_rates_out,
        },
        "trend": [{"month_end": r["month_end"].isoformat(), "gross_ar": money(r["gross_ar"]),
                   "credits": money(r["credits"]), "net_ar": money(r["net_ar"]), "overdue": money(r["overdue"]),
                   "overdue_share": r["overdue_share"], "buckets": [money(b) for b in r["buckets"]],
                   "ecl_before_multipliers": money(r["ecl_before_multipliers"]), "dso": r["dso"]}
                  for r in trend],
        "stress": stress_out,
        "watchlist": watch,
        "customers": cust_out,
        "rejects": rejects,
        "oracle": {
            "tool": "tools/oracle/oracle.py",
            "config": config_used,
            "policy": POLICY,
            "country_risk_scale": SCALE,
            "watchlist": WATCHLIST,
            "item_quantum": a.item_quantum,
            "notes": [
                "Money rounded half away from zero to 2 decimals from exact Decimal sums; ratios unrounded.",
                "customers lists every customer of customers.csv (also those without exposure) and every buyer "
                "of a UBL document that customers.csv does not list (no limit, no cover, no terms).",
                "UBL (DIR/ubl/*.xml, input \"ubl/\"): one item per document, PayableAmount open in full; due date "
                "DueDate, else PaymentMeans/PaymentDueDate, else IssueDate + the days of a PaymentTerms note, else "
                "the customer's terms; a reject's line is that of the element the field came from.",
                "concentration top lists at most 20 segments with exposure > 0, ties broken by key; "
                "a customer without group_id is its own group under its customer_id.",
                "Reject reasons are the oracle's wording; line = 1-based physical line, header = line 1.",
                "ECL: per-customer ECL rounded to 0.0001 (half away from zero) before summing "
                "(docs/analytics.md); customers[].ecl is that value rounded to 2 decimals.",
                "Roll rates: sales (invoice/no type, amount > 0) at their balance at M_j, open at M_j when "
                "document_date <= M_j and (no cleared_date or cleared_date > M_j); balance/stay/roll/paid "
                "summed over the k transitions M_j -> M_j+1 (balance counts M_0..M_k-1).",
                "Balance at a past day (roll rates, exposure rising_days ago): 0 unless open at t; original "
                "amount when the item has a cleared_date; otherwise open_amount at D. AR_begin of CEI: original.",
                "ECL: min(1, r_b * m_c) per bucket (configured, observed and stressed).",
                "Watchlist lines carry customer_id, rule, exposure, amount, date, items (no texts); "
                "protracted_default adds insured and claim_can_be_filed (some undisputed item has reached "
                "claim_from; null when uninsured). amount: protracted-default amount / open amount due for "
                "notification / excess over limit / disputed / rise in exposure / exposure / exposure; date: "
                "earliest claim_from (insured protracted default) or notify_by, else null; items: count of the "
                "items summed in amount (protracted default, notification), else 0. Order: rule order of "
                "docs/analytics.md, then exposure descending, then customer_id.",
                "Stress: moved lists every country of the scenario in config order (from/to null when unrated); "
                "money differences = after - before of the cent-rounded figures; average_score unrounded.",
            ],
        },
    }
    json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    for x in HALF_CENT_TIES:
        print("warning: money value %s is an exact half cent (rounded half away from zero)" % x,
              file=sys.stderr)


if __name__ == "__main__":
    main()
