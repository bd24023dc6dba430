#!/usr/bin/env python3
"""Independent reference implementation of shared/METRICS.md for the creditreport test fixtures.

    python3 tools/oracle/oracle.py fixtures/sample --as-of 2026-11-20 > fixtures/sample/expected.json
    python3 tools/oracle/oracle.py --selftest

Reads DIR/fx.csv, DIR/country_risk.csv, DIR/customers.csv and the item ledgers in config order:
DIR/items.csv (canonical headers) then DIR/items-gmbh.csv when present (the German subsidiary's
export: cp1252, ';', decimal comma with '.' thousands, DD.MM.YYYY, German headers, RE/GS/ZA).
Reporting currency EUR; policy = the defaults of shared/DESIGN.md.

Written on purpose without any code from the Swift implementation, in plain Python 3 (standard
library only). Money is exact (decimal.Decimal): converted and summed without rounding, rounded half
away from zero to 2 decimals only in the output. Ratios are floats computed from the exact sums.

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
}
SCALE = {
    "name": "OECD",
    "grades": ["0", "1", "2", "3", "4", "5", "6", "7"],
    "high_risk_from": "5",
    "ecl_multiplier": {"0": "1.0", "1": "1.0", "2": "1.1", "3": "1.2", "4": "1.4", "5": "1.7",
                       "6": "2.0", "7": "2.5"},
}

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
    # number and date parsing
    assert parse_number("12.345,67", german=True) == Decimal("12345.67")
    assert parse_number("-1.234,5", german=True) == Decimal("-1234.5")
    assert parse_number("12,5.0", german=True) is None
    assert parse_number("#VALUE!") is None and parse_number("-0.50") == Decimal("-0.50")
    assert parse_date("2026-02-30") is None and parse_date("31.04.2026", german=True) is None
    assert parse_date("29.02.2028", german=True) == dt.date(2028, 2, 29)
    assert money(Decimal("0.005")) == 0.01 and money(Decimal("-0.005")) == -0.01
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

    counts = {"rows_read": 0, "rows_used": 0, "rows_rejected": 0, "rows_skipped": 0}
    per_file = {}
    rejects = []

    def reject(fname, line, field, reason, document_id=""):
        rejects.append({"file": fname, "line": line, "field": field, "reason": reason,
                        "document_id": document_id})
        counts["rows_rejected"] += 1
        per_file[fname]["rejected"] += 1

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
                reject(fname, line, e.field, e.reason, doc)
                continue
            if ddate > D:
                counts["rows_skipped"] += 1
                per_file[fname]["skipped"] += 1
                continue
            if doc in claimed:
                reject(fname, line, "document_id", R_DUPLICATE, doc)
                continue
            claimed.add(doc)
            use(fname)

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
                          "disputed": disputed, "dpd": (D - due).days, "file": fname, "line": line})

    # ------------------------------------------------------------------ portfolio
    bounds = POLICY["aging_buckets"]
    labels = ["not due"] + ["%d-%d" % (lo + 1, hi) for lo, hi in zip([0] + bounds[:-1], bounds)] \
        + [">%d" % bounds[-1]]

    def bucket(dpd):
        if dpd <= 0:
            return 0
        for i, hi in enumerate(bounds):
            if dpd <= hi:
                return i + 1
        return len(bounds) + 1

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

    def is_sale(it):
        return it["type"] in ("invoice", "") and it["amount"] is not None and it["amount"] > 0

    S = sum((it["amount"] for it in items if is_sale(it) and p_start <= it["ddate"] <= D), Z)
    dso = bpdso = add = None
    if S != 0:
        dso = float(net / S * n)
        bpdso = float(not_due / S * n)
        add = float(net / S * n - not_due / S * n)
    ar_begin = sum(((it["amount"] if it["amount"] is not None else it["open"]) for it in items
                    if it["ddate"] <= begin_day and (it["cleared"] is None or it["cleared"] > begin_day)), Z)
    sales_cei = S if POLICY["cei_sales"] == "period" else S / (Decimal(n) / 30)
    cei_den = ar_begin + sales_cei - not_due
    cei = float((ar_begin + sales_cei - net) / cei_den * 100) if cei_den != 0 else None

    # count-back DSO
    monthly_sales = {}
    for it in items:
        if is_sale(it):
            k = (it["ddate"].year, it["ddate"].month)
            monthly_sales[k] = monthly_sales.get(k, Z) + it["amount"]
    first_month = min((it["ddate"].year, it["ddate"].month) for it in items) if items else None
    if net <= 0:
        cb_dso = 0.0
    else:
        remaining, days_total, y, m, cb_dso = net, Z, D.year, D.month, None
        days = Decimal(D.day)
        while (y, m) >= first_month:
            s = monthly_sales.get((y, m), Z)
            if remaining > s:
                remaining -= s
                days_total += days
            else:
                cb_dso = float(days_total + remaining / s * days)
                break
            y, m = (y, m - 1) if m > 1 else (y - 1, 12)
            days = Decimal((dt.date(y + (m == 12), m % 12 + 1, 1) - dt.date(y, m, 1)).days)

    # ------------------------------------------------------------------ country risk, insurance, ECL
    grades = SCALE["grades"]

    def grade_of(cid):
        g = ratings.get(customers[cid]["country"])
        return g if g in grades else None

    indemnity = Decimal(POLICY["indemnity"])
    loss = [Decimal(x) for x in POLICY["ecl_loss_rates"]]
    ecl = {}
    insured_exp = {}
    for cid, c in customers.items():
        ins = c["insured"] if c["insured"] is not None else Z
        insured_exp[cid] = min(max(Z, expo[cid] - cust_disputed[cid]), ins)
        Gc = cust_pos[cid]
        if Gc > 0:
            g = grade_of(cid)
            mult = Decimal(SCALE["ecl_multiplier"][g]) if g is not None else Decimal(1)
            cover = 1 - indemnity * min(Decimal(1), ins / Gc)
            ecl[cid] = sum((r * b for r, b in zip(loss, cust_buckets[cid])), Z) * mult * cover
        else:
            ecl[cid] = Z
    total_insured = sum(insured_exp.values(), Z)

    by_grade = {}
    unrated = set()
    high_risk = Z
    hi_idx = grades.index(SCALE["high_risk_from"])
    for cid, e in expo.items():
        if e <= 0:
            continue
        g = grade_of(cid)
        key = g if g is not None else "unrated"
        by_grade[key] = by_grade.get(key, Z) + e
        if g is None:
            unrated.add(customers[cid]["country"] or "(none)")
        elif grades.index(g) >= hi_idx:
            high_risk += e
    order = [g for g in grades if g in by_grade] + (["unrated"] if "unrated" in by_grade else [])

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
        cust_out.append({
            "customer_id": cid,
            "exposure": money(e),
            "overdue": money(cust_overdue[cid]),
            "credit_limit": None if lim is None else money(lim),
            "utilisation": None if lim is None or lim == 0 else float(e / lim),
            "breach": None if lim is None else bool(e > lim),
            "ecl": money(ecl[cid]),
            "gross": money(cust_pos[cid]),
            "disputed": money(cust_disputed[cid]),
            "insured_limit": None if c["insured"] is None else money(c["insured"]),
            "insured_exposure": money(insured_exp[cid]),
            "flags": c["flags"],
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
            "ecl": money(sum(ecl.values(), Z)),
            "insured_exposure": money(total_insured),
            "uninsured_exposure": money(E - total_insured),
        },
        "concentration": {dim: concentration(v) for dim, v in dims.items()},
        "country_risk": {
            "by_grade": [{"grade": g, "exposure": money(by_grade[g]), "share": float(by_grade[g] / E)}
                         for g in order],
            "high_risk_exposure": money(high_risk),
            "unrated_countries": sorted(unrated),
        },
        "customers": cust_out,
        "rejects": rejects,
        "oracle": {
            "tool": "tools/oracle/oracle.py",
            "policy": POLICY,
            "country_risk_scale": SCALE,
            "item_quantum": a.item_quantum,
            "notes": [
                "Money rounded half away from zero to 2 decimals from exact Decimal sums; ratios unrounded.",
                "customers lists every customer of customers.csv (also those without exposure).",
                "concentration top lists at most 20 segments with exposure > 0, ties broken by key; "
                "a customer without group_id is its own group under its customer_id.",
                "Reject reasons are the oracle's wording; line = 1-based physical line, header = line 1.",
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
