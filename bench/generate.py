#!/usr/bin/env python3
"""Seeded synthetic credit portfolio generator for the creditreport benchmark.

    python3 bench/generate.py OUTDIR [--customers 200000] [--items 10000000] [--seed 42]

Writes canonical CSVs (headers per shared/DESIGN.md) plus a creditreport.yml:

    OUTDIR/customers.csv     customer master with limits, cover, terms, grades
    OUTDIR/items.csv         AR ledger (invoices, credit notes, payments), ~20% open
    OUTDIR/fx.csv            EUR-based rates for the 8 currencies used
    OUTDIR/country_risk.csv  OECD 0-7 ratings (one customer country deliberately unrated)
    OUTDIR/creditreport.yml  config, as_of 2026-11-20, reporting currency EUR

The same seed always gives byte-identical files. All item generation and CSV formatting is
vectorised with numpy: rows are rendered into a (rows x width) byte matrix per field and
compacted with a boolean mask, so there is no per-row Python code for items.csv.
"""

import argparse
import csv
import datetime as dt
import os
import sys
import time

import numpy as np

AS_OF = dt.date(2026, 11, 20)
HISTORY_DAYS = 730          # document dates in [AS_OF - 729, AS_OF]
CHUNK = 1_000_000           # rows rendered per write

# currency -> units of EUR per unit
FX = [
    ("EUR", "1"),
    ("USD", "0.92"),
    ("GBP", "1.17"),
    ("CHF", "1.05"),
    ("SEK", "0.087"),
    ("PLN", "0.23"),
    ("CNY", "0.13"),
    ("JPY", "0.0061"),
]
CUR_INDEX = {c: i for i, (c, _) in enumerate(FX)}
CUR_RATE = np.array([float(r) for _, r in FX])

# country, weight (share of customers), home currency, OECD rating or None (unrated)
COUNTRIES = [
    ("DE", 22, "EUR", "0"), ("FR", 9, "EUR", "0"), ("NL", 5, "EUR", "0"), ("IT", 6, "EUR", "0"),
    ("ES", 5, "EUR", "0"), ("AT", 3, "EUR", "0"), ("BE", 3, "EUR", "0"), ("PL", 4, "PLN", "0"),
    ("CH", 3, "CHF", "0"), ("GB", 7, "GBP", "0"), ("SE", 2, "SEK", "0"), ("US", 10, "USD", "0"),
    ("JP", 2, "JPY", "0"), ("CN", 5, "CNY", "2"), ("IN", 2, "USD", "3"), ("BR", 1.5, "USD", "5"),
    ("MX", 1.5, "USD", "4"), ("TR", 2, "EUR", "5"), ("VN", 1, "USD", "5"), ("ZA", 1, "USD", "4"),
    ("AE", 1, "USD", "2"), ("TH", 1, "USD", "3"), ("EG", 0.5, "USD", "6"), ("AR", 0.5, "USD", "7"),
    ("UA", 0.5, "EUR", "7"), ("TW", 1, "USD", None),
]
INDUSTRIES = ["Automotive", "Chemicals", "Construction", "Electronics", "Food & Beverage",
              "Machinery", "Metals", "Pharma", "Retail", "Textiles", "Transport", "Wholesale"]
SUFFIXES = ["GmbH", "AG", "SA", "SRL", "BV", "Ltd", "Inc.", "S.p.A.", "Sp. z o.o.", "KG", "Co., Ltd."]
NAME_WORDS = ["Müller", "Schmidt", "Nord", "Alpha", "Global", "Rossi", "Dupont", "Łukasz", "Sol",
              "Atlas", "Delta", "Orion", "Weber", "Fischer", "Bianchi", "García", "Novák", "Smith",
              "Summit", "Vertex", "Blue", "Iron", "Green", "Star", "Pacific", "Baltic", "Rhein"]
TERMS = np.array([14, 30, 45, 60, 90])
TERMS_P = np.array([0.08, 0.45, 0.17, 0.22, 0.08])
GRADES = np.array(["A", "B", "C", "D", "E"])
GRADES_P = np.array([0.15, 0.35, 0.30, 0.15, 0.05])

TYPE_NAMES = ["invoice", "credit_note", "payment"]
TYPE_P = [0.90, 0.04, 0.06]


# --------------------------------------------------------------------------- vectorised formatting

def table(strings):
    """Byte lookup table: (K, w) uint8 matrix and lengths."""
    enc = [s.encode("utf-8") for s in strings]
    w = max(1, max((len(b) for b in enc), default=1))
    t = np.zeros((len(enc), w), dtype=np.uint8)
    for i, b in enumerate(enc):
        t[i, :len(b)] = np.frombuffer(b, dtype=np.uint8)
    return t, np.array([len(b) for b in enc], dtype=np.int64)


def field_lookup(tab, idx):
    """Left-aligned field from a lookup table; idx < 0 means empty field."""
    t, lens = tab
    safe = np.where(idx < 0, 0, idx)
    chars = t[safe]
    n = np.where(idx < 0, 0, lens[safe])
    mask = np.arange(t.shape[1])[None, :] < n[:, None]
    return chars, mask


def field_cents(cents, present=None):
    """Right-aligned decimal '-1234.56' from int64 cents; always 2 decimals."""
    neg = cents < 0
    a = np.abs(cents)
    ip = a // 100
    fr = a % 100
    maxint = int(ip.max()) if len(ip) else 0
    nd_max = max(1, len(str(maxint)))
    w = 1 + nd_max + 3
    chars = np.empty((len(cents), w), dtype=np.uint8)
    # integer digits, right-aligned in columns 1..nd_max
    ndig = np.ones(len(cents), dtype=np.int64)
    v = ip.copy()
    for k in range(nd_max):
        col = w - 4 - k
        chars[:, col] = (v % 10) + 48
        v //= 10
        if k > 0:
            ndig += (ip >= 10 ** k)
    chars[:, w - 3] = ord(".")
    chars[:, w - 2] = fr // 10 + 48
    chars[:, w - 1] = fr % 10 + 48
    # '-' goes in the column just left of the first significant digit (column 0 is reserved)
    start = w - 3 - ndig                     # first digit column
    sign_col = start - 1
    rows = np.nonzero(neg)[0]
    chars[rows, sign_col[rows]] = ord("-")
    first = np.where(neg, sign_col, start)
    if present is not None:
        first = np.where(present, first, w)
    mask = np.arange(w)[None, :] >= first[:, None]
    return chars, mask


def field_fixed_digits(values, width, prefix=b""):
    """Zero-padded fixed-width integer with optional prefix."""
    p = len(prefix)
    chars = np.empty((len(values), p + width), dtype=np.uint8)
    if p:
        chars[:, :p] = np.frombuffer(prefix, dtype=np.uint8)
    v = values.astype(np.int64).copy()
    for k in range(width):
        chars[:, p + width - 1 - k] = v % 10 + 48
        v //= 10
    return chars, np.ones(chars.shape, dtype=bool)


def const(n, s):
    b = np.frombuffer(s.encode(), dtype=np.uint8)
    return np.broadcast_to(b, (n, len(b))), np.ones((n, len(b)), dtype=bool)


def render(fields):
    """Join fields with commas and a trailing newline; return the bytes."""
    n = fields[0][0].shape[0]
    parts_c, parts_m = [], []
    comma = const(n, ",")
    nl = const(n, "\n")
    for i, f in enumerate(fields):
        if i:
            parts_c.append(comma[0]); parts_m.append(comma[1])
        parts_c.append(f[0]); parts_m.append(f[1])
    parts_c.append(nl[0]); parts_m.append(nl[1])
    chars = np.concatenate(parts_c, axis=1)
    mask = np.concatenate(parts_m, axis=1)
    return chars[mask].tobytes()


# --------------------------------------------------------------------------- generation

def zipf_weights(n, s=0.8):
    w = 1.0 / np.arange(1, n + 1) ** s
    return w / w.sum()


def gen_customers(rng, n_cust, n_items):
    cc = np.array([c[0] for c in COUNTRIES])
    cw = np.array([c[1] for c in COUNTRIES], dtype=float)
    country = rng.choice(len(COUNTRIES), size=n_cust, p=cw / cw.sum())
    home_cur = np.array([CUR_INDEX[c[2]] for c in COUNTRIES])[country]

    # activity rank -> customer: the rank-r customer (Zipf weight) is a random id
    weights = zipf_weights(n_cust)
    rank_to_cust = rng.permutation(n_cust)
    cust_weight = np.empty(n_cust)
    cust_weight[rank_to_cust] = weights

    size_mult = rng.lognormal(0.0, 0.5, n_cust)                # per-customer invoice size
    terms = rng.choice(TERMS, size=n_cust, p=TERMS_P)
    terms_missing = rng.random(n_cust) < 0.03
    # lateness: most pay near terms, some are chronic late payers
    late_mean = rng.gamma(2.0, 5.0, n_cust)
    slow = rng.random(n_cust) < 0.08
    late_mean[slow] += rng.uniform(40, 150, slow.sum())

    # expected open exposure in EUR ~ items * open share * mean invoice
    exp_open_eur = cust_weight * n_items * 0.2 * 900.0 * size_mult
    limit_eur = exp_open_eur * rng.lognormal(0.25, 0.6, n_cust)
    limit_cur = np.where(rng.random(n_cust) < 0.7, home_cur, 0)   # else EUR
    limit_local = limit_eur / CUR_RATE[limit_cur]
    limit_local = np.maximum(1000, np.round(limit_local, -3))
    no_limit = rng.random(n_cust) < 0.04
    zero_limit = rng.random(n_cust) < 0.01
    insured = rng.random(n_cust) < 0.6
    ins_limit = np.maximum(1000, np.round(limit_local * rng.uniform(0.3, 1.0, n_cust), -3))
    limit_cur_empty = (limit_cur == 0) & (rng.random(n_cust) < 0.5)   # empty = reporting currency

    group_of = np.full(n_cust, -1)
    grouped = rng.random(n_cust) < 0.3
    n_groups = max(1, grouped.sum() // 4)
    group_of[grouped] = rng.integers(0, n_groups, grouped.sum())
    industry = rng.integers(0, len(INDUSTRIES), n_cust)
    industry_missing = rng.random(n_cust) < 0.02
    grade = rng.choice(len(GRADES), size=n_cust, p=GRADES_P)
    w1 = rng.integers(0, len(NAME_WORDS), n_cust)
    w2 = rng.integers(0, len(NAME_WORDS), n_cust)
    suf = rng.integers(0, len(SUFFIXES), n_cust)

    rows = []
    for i in range(n_cust):
        lim = "" if no_limit[i] else ("0" if zero_limit[i] else f"{limit_local[i]:.0f}")
        ins = f"{min(ins_limit[i], limit_local[i]):.0f}" if insured[i] and lim not in ("", "0") else ""
        rows.append((
            f"C{i + 1:06d}",
            f"{NAME_WORDS[w1[i]]} {NAME_WORDS[w2[i]]} {SUFFIXES[suf[i]]}",
            cc[country[i]],
            "" if industry_missing[i] else INDUSTRIES[industry[i]],
            f"G{group_of[i] + 1:05d}" if group_of[i] >= 0 else "",
            lim,
            ins,
            "" if (limit_cur_empty[i] or lim == "") else FX[limit_cur[i]][0],
            GRADES[grade[i]],
            "" if terms_missing[i] else str(terms[i]),
        ))
    cust = dict(weight=cust_weight, home_cur=home_cur, size_mult=size_mult, terms=terms,
                terms_missing=terms_missing, late_mean=late_mean)
    return rows, cust


def gen_items(rng, n_items, cust):
    n_cust = len(cust["weight"])
    # customer of each item (Zipf over customers); cumulative search is O(n log K)
    cdf = np.cumsum(cust["weight"])
    cdf[-1] = 1.0
    c = np.searchsorted(cdf, rng.random(n_items), side="right").astype(np.int32)
    c = np.minimum(c, n_cust - 1)

    doc_off = rng.integers(0, HISTORY_DAYS, n_items).astype(np.int32)   # days from start
    typ = rng.choice(3, size=n_items, p=TYPE_P).astype(np.int8)

    # chronological document numbers: sort by date (stable), number sequentially
    order = np.argsort(doc_off, kind="stable")
    c, doc_off, typ = c[order], doc_off[order], typ[order]
    del order

    d_as_of = HISTORY_DAYS - 1                                            # AS_OF offset
    terms = cust["terms"][c].astype(np.int32)
    cur = cust["home_cur"][c].copy()
    other = rng.random(n_items) < 0.1
    cur[other] = np.where(rng.random(other.sum()) < 0.6, 0, 1)           # EUR or USD
    cur = cur.astype(np.int8)

    eur = rng.lognormal(6.3, 1.1, n_items) * cust["size_mult"][c]        # median ~ 545 EUR
    local = eur / CUR_RATE[cur]
    cents = np.round(local * 100).astype(np.int64)
    jpy = cur == CUR_INDEX["JPY"]
    cents[jpy] = np.round(cents[jpy], -2)
    cents = np.maximum(cents, 100)

    is_inv = typ == 0
    is_cn = typ == 1
    is_pay = typ == 2
    amount = np.where(is_inv, cents, -np.where(is_cn, cents // 4 + 100, cents))

    # due dates: invoices and credit notes; 5% of invoices export without a due date
    due_off = doc_off + terms
    due_present = (is_inv & (rng.random(n_items) >= 0.05)) | is_cn

    # clearing
    late = cust["late_mean"][c] + rng.normal(0, 8, n_items)
    clear_off = np.where(is_inv, doc_off + np.maximum(0, terms + late).astype(np.int32),
                np.where(is_cn, doc_off + rng.integers(0, 45, n_items), doc_off)).astype(np.int32)
    age = d_as_of - doc_off
    stuck_p = np.where(is_inv, 0.04 + 0.95 * np.exp(-age / 120.0),
              np.where(is_cn, 0.15, 0.03))
    stuck = rng.random(n_items) < stuck_p
    is_open = (clear_off > d_as_of) | stuck
    open_cents = np.where(is_open, amount, 0)
    partial = is_open & is_inv & (rng.random(n_items) < 0.12)
    open_cents[partial] = (amount[partial] * rng.uniform(0.1, 0.9, partial.sum())).astype(np.int64)
    open_cents[partial] = np.maximum(open_cents[partial], 1)
    clear_off = np.where(is_open, -1, clear_off)

    disputed = is_open & is_inv & (rng.random(n_items) < np.where(stuck, 0.2, 0.01))

    return dict(c=c, doc_off=doc_off, typ=typ, cur=cur, amount=amount, open_cents=open_cents,
                due_off=np.where(due_present, due_off, -1), clear_off=clear_off, disputed=disputed)


def write_items(path, it, n_cust, id_base=1_000_000_000):
    start = AS_OF - dt.timedelta(days=HISTORY_DAYS - 1)
    max_due = int(max(it["due_off"].max(), HISTORY_DAYS)) + 1
    date_tab = table([(start + dt.timedelta(days=k)).isoformat() for k in range(max_due)])
    cust_tab = table([f"C{i + 1:06d}" for i in range(n_cust)])
    type_tab = table(TYPE_NAMES)
    cur_tab = table([c for c, _ in FX])
    bool_tab = table(["false", "true"])
    n = len(it["c"])
    with open(path, "wb", buffering=16 << 20) as f:
        f.write(b"document_id,customer_id,type,document_date,due_date,currency,amount,"
                b"open_amount,cleared_date,disputed\n")
        for lo in range(0, n, CHUNK):
            hi = min(n, lo + CHUNK)
            s = slice(lo, hi)
            fields = [
                field_fixed_digits(np.arange(lo, hi, dtype=np.int64) + id_base + 1, 10),
                field_lookup(cust_tab, it["c"][s]),
                field_lookup(type_tab, it["typ"][s].astype(np.int64)),
                field_lookup(date_tab, it["doc_off"][s]),
                field_lookup(date_tab, it["due_off"][s]),
                field_lookup(cur_tab, it["cur"][s].astype(np.int64)),
                field_cents(it["amount"][s]),
                field_cents(it["open_cents"][s]),
                field_lookup(date_tab, it["clear_off"][s]),
                field_lookup(bool_tab, it["disputed"][s].astype(np.int64)),
            ]
            f.write(render(fields))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--customers", type=int, default=200_000)
    ap.add_argument("--items", type=int, default=10_000_000)
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    t0 = time.perf_counter()
    os.makedirs(a.outdir, exist_ok=True)
    rng = np.random.default_rng(a.seed)

    cust_rows, cust = gen_customers(rng, a.customers, a.items)
    with open(os.path.join(a.outdir, "customers.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["customer_id", "name", "country", "industry", "group_id", "credit_limit",
                    "insured_limit", "limit_currency", "risk_grade", "payment_terms_days"])
        w.writerows(cust_rows)

    with open(os.path.join(a.outdir, "fx.csv"), "w") as f:
        f.write("currency,rate\n")
        for c, r in FX:
            f.write(f"{c},{r}\n")
    with open(os.path.join(a.outdir, "country_risk.csv"), "w") as f:
        f.write("country,rating\n")
        for c, _, _, r in COUNTRIES:
            if r is not None:
                f.write(f"{c},{r}\n")
    with open(os.path.join(a.outdir, "creditreport.yml"), "w") as f:
        f.write(f"""reporting_currency: EUR
as_of: {AS_OF.isoformat()}
inputs:
  customers: customers.csv
  items: items.csv
  fx: fx.csv
  country_risk: country_risk.csv
output: out/
""")
    t1 = time.perf_counter()
    items = gen_items(rng, a.items, cust)
    t2 = time.perf_counter()
    items_path = os.path.join(a.outdir, "items.csv")
    write_items(items_path, items, a.customers)
    t3 = time.perf_counter()
    n_open = int((items["open_cents"] != 0).sum())
    print(f"customers: {a.customers}  items: {a.items}  open items: {n_open} "
          f"({n_open / max(1, a.items):.1%})  items.csv: {os.path.getsize(items_path) / 2**20:.1f} MiB",
          file=sys.stderr)
    print(f"time: customers+small files {t1 - t0:.1f}s, items generate {t2 - t1:.1f}s, "
          f"items write {t3 - t2:.1f}s, total {t3 - t0:.1f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
