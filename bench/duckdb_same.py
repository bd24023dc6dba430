#!/usr/bin/env python3
"""The core creditreport aggregation done in DuckDB, as a performance yardstick.

    python3 bench/duckdb_same.py OUTDIR [--threads 2] [--json FILE]

Reads OUTDIR/customers.csv, items.csv and fx.csv (canonical headers), and computes, per
shared/METRICS.md: gross AR, credits, net AR, aging buckets of positive open items (not due,
1-30, 31-60, 61-90, 91-180, 181-365, >365 days past due at the as-of date; due date falling back
to document_date + payment_terms_days, else document_date), overdue, protracted default (>90),
per-customer exposure max(0, sum open), customer HHI / effective number / top 20, and
utilisation against credit_limit (converted from limit_currency).

Items dated after the as-of date are skipped; items with an unknown customer or a currency with
no rate are counted as rejected and left out. Money is DECIMAL throughout (no doubles).
Prints the figures and `duckdb_seconds: X`, the time from connecting to the last result.
"""

import argparse
import json
import os
import re
import sys
import time

import duckdb

BUCKETS = ["not due", "1-30", "31-60", "61-90", "91-180", "181-365", ">365"]


def as_of_from_config(outdir):
    try:
        with open(os.path.join(outdir, "creditreport.yml")) as f:
            m = re.search(r"^as_of:\s*(\d{4}-\d{2}-\d{2})", f.read(), re.M)
            if m:
                return m.group(1)
    except OSError:
        pass
    return "2026-11-20"


def q(path):
    return "'" + path.replace("'", "''") + "'"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--as-of", default=None)
    ap.add_argument("--json", default=None, help="also write the figures as JSON here")
    a = ap.parse_args()
    d = a.outdir
    as_of = a.as_of or as_of_from_config(d)

    t0 = time.perf_counter()
    con = duckdb.connect()
    con.execute(f"SET threads = {a.threads}")
    con.execute("SET preserve_insertion_order = false")

    con.execute(f"""
    CREATE TEMP TABLE fx AS
    SELECT currency, rate::DECIMAL(38,10) AS rate FROM read_csv({q(os.path.join(d, 'fx.csv'))}, header = true,
        auto_detect = false, columns = {{'currency': 'VARCHAR', 'rate': 'DECIMAL(18,10)'}})""")

    con.execute(f"""
    CREATE TEMP TABLE customers AS
    SELECT c.customer_id, c.payment_terms_days,
           c.credit_limit * lf.rate AS limit_rep
    FROM read_csv({q(os.path.join(d, 'customers.csv'))}, header = true, auto_detect = false,
        columns = {{'customer_id': 'VARCHAR', 'name': 'VARCHAR', 'country': 'VARCHAR',
                    'industry': 'VARCHAR', 'group_id': 'VARCHAR', 'credit_limit': 'DECIMAL(18,2)',
                    'insured_limit': 'DECIMAL(18,2)', 'limit_currency': 'VARCHAR',
                    'risk_grade': 'VARCHAR', 'payment_terms_days': 'INTEGER'}}) c
    LEFT JOIN fx lf ON lf.currency = coalesce(nullif(c.limit_currency, ''), 'EUR')""")

    # One pass over the ledger: every row lands in a (customer, bucket) group, so the row
    # accounting (read / skipped / rejected / open) comes out of the same scan.
    con.execute(f"""
    CREATE TEMP TABLE cb AS
    WITH it AS (
        SELECT i.customer_id,
               i.document_date > DATE '{as_of}'            AS skipped,
               c.customer_id IS NULL                        AS bad_customer,
               f.rate IS NULL                               AS bad_fx,
               i.open_amount * f.rate                       AS amt,
               DATE '{as_of}' - coalesce(i.due_date,
                   i.document_date + coalesce(c.payment_terms_days, 0)) AS dpd
        FROM read_csv({q(os.path.join(d, 'items.csv'))}, header = true, auto_detect = false,
            columns = {{'document_id': 'VARCHAR', 'customer_id': 'VARCHAR', 'type': 'VARCHAR',
                        'document_date': 'DATE', 'due_date': 'DATE', 'currency': 'VARCHAR',
                        'amount': 'DECIMAL(18,2)', 'open_amount': 'DECIMAL(18,2)',
                        'cleared_date': 'DATE', 'disputed': 'VARCHAR'}}) i
        LEFT JOIN customers c ON c.customer_id = i.customer_id
        LEFT JOIN fx f ON f.currency = i.currency
    )
    SELECT customer_id,
           CASE WHEN skipped THEN 'skipped'
                WHEN bad_customer OR bad_fx THEN 'rejected'
                WHEN amt = 0 THEN 'cleared'
                WHEN amt < 0 THEN 'credits'
                WHEN dpd <= 0 THEN 'not due'
                WHEN dpd <= 30 THEN '1-30'
                WHEN dpd <= 60 THEN '31-60'
                WHEN dpd <= 90 THEN '61-90'
                WHEN dpd <= 180 THEN '91-180'
                WHEN dpd <= 365 THEN '181-365'
                ELSE '>365' END AS bucket,
           count(*) AS n, sum(amt) AS amount
    FROM it GROUP BY ALL""")

    rows = dict(con.execute("SELECT bucket, sum(n) FROM cb GROUP BY bucket").fetchall())
    aging = {b: (amt, n) for b, amt, n in con.execute("""
        SELECT bucket, sum(amount), sum(n) FROM cb
        WHERE bucket NOT IN ('skipped', 'rejected', 'cleared', 'credits') GROUP BY bucket""").fetchall()}
    gross = sum((v[0] for v in aging.values()), start=0)
    credits = con.execute("SELECT coalesce(sum(amount), 0) FROM cb WHERE bucket = 'credits'").fetchone()[0]
    overdue = sum((v[0] for b, v in aging.items() if b != "not due"), start=0)
    protracted = sum((v[0] for b, v in aging.items() if b in ("91-180", "181-365", ">365")), start=0)

    con.execute("""
    CREATE TEMP TABLE exposure AS
    SELECT e.customer_id, greatest(0, e.s) AS exposure, c.limit_rep
    FROM (SELECT customer_id, sum(amount) AS s FROM cb
          WHERE bucket NOT IN ('skipped', 'rejected', 'cleared') GROUP BY customer_id) e
    JOIN customers c USING (customer_id)""")
    E, K, hhi = con.execute("""
        WITH t AS (SELECT sum(exposure) AS tot FROM exposure)
        SELECT t.tot, count(*), sum((exposure / t.tot)::DOUBLE ^ 2)
        FROM exposure, t WHERE exposure > 0 GROUP BY t.tot""").fetchone()
    top = con.execute("""
        SELECT customer_id, exposure, (exposure / (SELECT sum(exposure) FROM exposure))::DOUBLE,
               limit_rep,
               CASE WHEN limit_rep > 0 THEN (exposure / limit_rep)::DOUBLE END
        FROM exposure WHERE exposure > 0 ORDER BY exposure DESC, customer_id LIMIT 20""").fetchall()
    util = con.execute("""
        SELECT count(*) FILTER (WHERE exposure > 0),
               count(*) FILTER (WHERE exposure > 0 AND limit_rep IS NULL),
               count(*) FILTER (WHERE limit_rep IS NOT NULL AND exposure > limit_rep),
               coalesce(sum(exposure - limit_rep) FILTER (WHERE limit_rep IS NOT NULL
                                                           AND exposure > limit_rep), 0),
               (sum(exposure) FILTER (WHERE limit_rep > 0)
                / sum(limit_rep) FILTER (WHERE limit_rep > 0))::DOUBLE,
               median((exposure / limit_rep)::DOUBLE) FILTER (WHERE limit_rep > 0 AND exposure > 0)
        FROM exposure""").fetchone()
    t1 = time.perf_counter()
    con.close()

    r2 = lambda x: float(round(x, 2))
    read = sum(rows.values())
    skipped = rows.get("skipped", 0)
    rejected = rows.get("rejected", 0)
    print(f"as_of {as_of}, reporting currency EUR, DuckDB {duckdb.__version__}, threads {a.threads}")
    print(f"items: read {read:,}  used {read - skipped - rejected:,}  rejected {rejected:,}  "
          f"skipped {skipped:,}  open {read - skipped - rejected - rows.get('cleared', 0):,}")
    print(f"gross AR      {r2(gross):>20,.2f}")
    print(f"credits       {r2(credits):>20,.2f}")
    print(f"net AR        {r2(gross + credits):>20,.2f}")
    print(f"overdue       {r2(overdue):>20,.2f}   share {float(overdue / gross) if gross else 0:.4f}")
    print(f"protracted    {r2(protracted):>20,.2f}   (dpd > 90)")
    print("aging (positive open items):")
    for b in BUCKETS:
        amt, n = aging.get(b, (0, 0))
        print(f"  {b:>8} {r2(amt):>20,.2f}  {n:>10,}")
    print(f"exposure E    {r2(E):>20,.2f}   customers with exposure K={K:,}")
    print(f"customer HHI  {hhi:.6f}  (x10,000 = {hhi * 10000:.1f}, effective number {1 / hhi:.1f}, "
          f"normalised {(hhi - 1 / K) / (1 - 1 / K) if K > 1 else 0:.6f})")
    print(f"CR1 {top[0][2]:.4f}  CR5 {sum(t[2] for t in top[:5]):.4f}  "
          f"CR10 {sum(t[2] for t in top[:10]):.4f}  CR20 {sum(t[2] for t in top[:20]):.4f}")
    print("top 20 customers:  id  exposure  share  limit  utilisation")
    for cid, exp, share, lim, u in top:
        print(f"  {cid}  {r2(exp):>16,.2f}  {share:.4f}  "
              f"{'no limit' if lim is None else f'{r2(lim):,.2f}':>16}  "
              f"{'-' if u is None else f'{u:.3f}'}")
    print(f"utilisation: {util[0]:,} customers with exposure, {util[1]:,} with no limit, "
          f"{util[2]:,} breaches (excess {r2(util[3]):,.2f}), portfolio utilisation "
          f"{util[4] or 0:.4f}, median utilisation {util[5] or 0:.4f}")
    print(f"duckdb_seconds: {t1 - t0:.3f}")

    if a.json:
        out = {"as_of": as_of, "rows_read": read, "rows_rejected": rejected, "rows_skipped": skipped,
               "gross_ar": r2(gross), "credits": r2(credits), "net_ar": r2(gross + credits),
               "overdue": r2(overdue), "protracted_default": r2(protracted),
               "aging": [{"bucket": b, "amount": r2(aging.get(b, (0, 0))[0]),
                          "count": aging.get(b, (0, 0))[1]} for b in BUCKETS],
               "exposure": r2(E), "hhi": hhi, "k": K,
               "top": [{"key": t[0], "exposure": r2(t[1]), "share": t[2]} for t in top],
               "breaches": util[2], "duckdb_seconds": t1 - t0}
        with open(a.json, "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
