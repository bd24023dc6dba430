#!/usr/bin/env python3
"""Seeded generator of a large UBL 2.1 XML file for benchmarking creditreport's XML ingestion.

    python3 tools/bench/gen_ubl.py [--seed 42] [--size-mb 220 | --invoices N] [--customers 20000]
                                   [--out /tmp/creditreport-xmlbench/invoices.xml]

Writes, in the folder of --out:

    (--out)         <Invoices xmlns="urn:creditreport:bench"> holding UBL 2.1 <Invoice> documents
                    (about 8% <CreditNote> documents), the cbc:/cac: prefixes declared once on the root
    customers.csv   the customer master the documents refer to (canonical creditreport headers)
    fx.csv          currency,rate (units of EUR per unit) for the four currencies used
    summary.json    counts, bytes and the sum of PayableAmount per document type and currency

The output is streamed: documents are rendered one at a time and written in chunks of about 1 MB,
so memory stays constant whatever the size. The same seed (and Python 3 version) gives the same
bytes. --size-mb counts 1,000,000 bytes per MB; the file stops after the first document that
reaches the target.
"""

import argparse
import csv
import datetime as dt
import json
import os
import random
import sys
import time

AS_OF = dt.date(2026, 11, 20)
NS_BENCH = "urn:creditreport:bench"
NS_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
NS_CREDITNOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
NS_CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
NS_CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"

CREDIT_NOTE_SHARE = 0.08
FLUSH_BYTES = 1 << 20

# currency -> units of EUR per unit (same rates as bench/generate.py)
FX = [("EUR", "1"), ("USD", "0.92"), ("GBP", "1.17"), ("CNY", "0.13")]

# country, share of customers, home currency, cities, street words, legal forms
COUNTRIES = [
    ("DE", 20, "EUR", ["Hamburg", "München", "Köln", "Stuttgart", "Düsseldorf"], ["Industriestraße", "Hauptstraße", "Am Hafen"], ["GmbH", "AG", "GmbH & Co. KG"]),
    ("FR", 9, "EUR", ["Lyon", "Paris", "Lille", "Toulouse"], ["rue de l'Industrie", "avenue Jean Jaurès", "quai du Port"], ["SA", "SAS", "SARL"]),
    ("IT", 7, "EUR", ["Milano", "Torino", "Bologna"], ["Via Roma", "Via dell'Industria", "Corso Italia"], ["S.p.A.", "S.r.l."]),
    ("ES", 5, "EUR", ["Madrid", "Barcelona", "València"], ["Calle Mayor", "Avenida de la Industria"], ["S.A.", "S.L."]),
    ("NL", 5, "EUR", ["Rotterdam", "Eindhoven", "Utrecht"], ["Havenstraat", "Industrieweg"], ["B.V.", "N.V."]),
    ("BE", 3, "EUR", ["Antwerpen", "Gent", "Liège"], ["Havenlaan", "Rue de la Gare"], ["NV", "SA", "BV"]),
    ("AT", 3, "EUR", ["Wien", "Linz", "Graz"], ["Industriestraße", "Bahnhofstraße"], ["GmbH", "AG"]),
    ("PL", 4, "EUR", ["Warszawa", "Poznań", "Łódź"], ["ul. Przemysłowa", "ul. Portowa"], ["Sp. z o.o.", "S.A."]),
    ("CZ", 2, "EUR", ["Praha", "Brno", "Ostrava"], ["Průmyslová", "Nádražní"], ["s.r.o.", "a.s."]),
    ("SE", 2, "EUR", ["Göteborg", "Malmö", "Stockholm"], ["Hamngatan", "Industrivägen"], ["AB"]),
    ("DK", 2, "EUR", ["Aarhus", "København", "Odense"], ["Havnegade", "Industrivej"], ["A/S", "ApS"]),
    ("IE", 1, "EUR", ["Dublin", "Cork"], ["Dock Road", "Industrial Estate"], ["Ltd", "DAC"]),
    ("GB", 8, "GBP", ["Birmingham", "Manchester", "Leeds", "London"], ["Station Road", "Dock Street"], ["Ltd", "plc"]),
    ("CH", 3, "EUR", ["Zürich", "Basel", "Genève"], ["Industriestrasse", "Bahnhofstrasse"], ["AG", "SA", "GmbH"]),
    ("US", 10, "USD", ["Chicago", "Houston", "Atlanta", "Newark"], ["Commerce Drive", "Harbor Blvd"], ["Inc.", "LLC", "Corp."]),
    ("CA", 2, "USD", ["Toronto", "Montréal", "Vancouver"], ["Industrial Ave", "Rue du Port"], ["Inc.", "Ltd."]),
    ("CN", 6, "CNY", ["上海", "深圳", "宁波", "苏州"], ["工业路", "港口大道"], ["有限公司", "贸易有限公司"]),
    ("JP", 2, "USD", ["Osaka", "Nagoya", "Yokohama"], ["Minato-ku", "Chuo-ku"], ["K.K.", "Co., Ltd."]),
    ("TR", 3, "EUR", ["İstanbul", "İzmir", "Bursa"], ["Sanayi Cd.", "Liman Sk."], ["A.Ş.", "Ltd. Şti."]),
    ("BR", 3, "USD", ["São Paulo", "Curitiba", "Campinas"], ["Rua da Indústria", "Avenida Paulista"], ["Ltda.", "S.A."]),
]
EU = {"DE", "FR", "IT", "ES", "NL", "BE", "AT", "PL", "CZ", "SE", "DK", "IE"}

NAME_WORDS = ["Müller", "Schmidt", "Nord", "Alpha", "Global", "Rossi", "Dupont", "Łukasz", "Sol",
              "Atlas", "Delta", "Orion", "Weber", "Fischer", "Bianchi", "García", "Novák", "Smith",
              "Summit", "Vertex", "Blue", "Iron", "Green", "Star", "Pacific", "Baltic", "Rhein",
              "Société", "Çelik", "Øresund", "Lefèvre", "Kowalski", "Jansen", "O'Brien"]
NAME_TAILS = ["Industries", "Trading", "Components", "Logistics", "Chemicals", "Maschinenbau",
              "Electronics", "Foods", "Textiles", "Construction", "Metals", "Supply", "Systems"]
CN_WORDS = ["华东", "华南", "东方", "恒通", "金达", "宏远", "新光", "长江", "海天", "中联"]
CN_TAILS = ["电子", "机械", "化工", "纺织", "贸易", "建材", "食品"]
INDUSTRIES = ["Automotive parts", "Chemicals", "Construction", "Electronics", "Food & Beverage",
              "Machinery", "Metals", "Pharma", "Retail", "Textiles", "Transport", "Wholesale"]
TERMS = [(14, 8), (30, 45), (45, 17), (60, 22), (90, 8)]
GRADES = [("A", 15), ("B", 35), ("C", 30), ("D", 15), ("E", 5)]
ITEMS = ["Hydraulic pump HP-200", "Servo motor 2.2 kW", "Ball bearing 6204-2RS (box of 50)",
         "Stainless steel sheet 1.4301, 2 mm", "PLC controller module", "Industrial adhesive, 20 kg",
         "Conveyor belt, 10 m", "Copper cable 3x2.5 mm², 100 m", "Pallet of polypropylene granules",
         "Cotton yarn Ne 30/1, 1 t", "Safety valve DN50", "Frequency inverter 7.5 kW",
         "Gear unit i=20", "LED panel 60x60, 40 W", "Epoxy resin, 200 l drum", "Spare parts kit <type B>",
         "Sensor M12 & mounting bracket", "Welding wire 1.0 mm, 15 kg", "Packaging film, 500 m roll"]
UNITS = ["C62", "C62", "C62", "KGM", "MTR", "H87"]
NOTES = ["Partial delivery; rest to follow", "Order ref. & delivery note attached",
         "Price < list price as agreed", "Reverse charge applies"]

# supplier legal entities by invoicing currency: name, city, zone, country, VAT id, domestic VAT %
SUPPLIERS = {
    "EUR": ("Nordhandel Trading GmbH", "Hamburg", "20457", "DE", "DE298765432", 19),
    "GBP": ("Nordhandel Trading UK Ltd", "Felixstowe", "IP11 3SY", "GB", "GB123456789", 20),
    "USD": ("Nordhandel Trading Inc.", "Newark", "07114", "US", "US12-3456789", 0),
    "CNY": ("诺德贸易（上海）有限公司", "上海", "200120", "CN", "CN91310115MA1K4XXXX", 13),
}

def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def money(cents):
    return f"{cents // 100}.{cents % 100:02d}"


def weighted(rng, pairs):
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def make_customers(rng, n):
    """List of dicts; also the order in which customers.csv is written."""
    weights = [c[1] for c in COUNTRIES]
    customers = []
    group_no = 0
    group_left = 0
    group_id = ""
    for i in range(1, n + 1):
        country, _, home_cur, cities, streets, forms = rng.choices(COUNTRIES, weights=weights)[0]
        if country == "CN":
            name = rng.choice(cities) + rng.choice(CN_WORDS) + rng.choice(CN_TAILS) + rng.choice(forms)
            street = f"{rng.choice(streets)}{rng.randint(1, 999)}号"
        else:
            a, b = rng.sample(NAME_WORDS, 2)
            joiner = rng.choice([" ", " & ", "-"])
            name = f"{a}{joiner}{b} {rng.choice(NAME_TAILS)} {rng.choice(forms)}"
            street = f"{rng.choice(streets)} {rng.randint(1, 250)}"
        # about 15% of customers belong to groups of 2-5
        if group_left == 0 and rng.random() < 0.05:
            group_no += 1
            group_left = rng.randint(2, 5)
            group_id = f"G{group_no:05d}"
        gid = ""
        if group_left:
            gid = group_id
            group_left -= 1
        currency = home_cur if rng.random() < 0.9 else rng.choice([c for c, _ in FX])
        limit = rng.choice([0, 10, 25, 50, 75, 100, 150, 250, 500, 1000, 2500]) * 1000
        insured = int(limit * rng.choice([0, 0, 0.5, 0.7, 0.8, 0.9]) // 5000 * 5000)
        customers.append(dict(
            customer_id=f"C{i:06d}", name=name, country=country,
            industry=rng.choice(INDUSTRIES), group_id=gid,
            credit_limit=str(limit) if limit else "",
            insured_limit=str(insured) if insured else "",
            limit_currency=currency if (limit and currency != "EUR") else "",
            risk_grade=weighted(rng, GRADES), payment_terms_days=weighted(rng, TERMS),
            currency=currency, city=rng.choice(cities), street=street,
            zone=f"{rng.randint(1000, 99999):05d}", vat=f"{country}{rng.randint(10**8, 10**9 - 1)}",
        ))
        c = customers[-1]
        c["name_x"] = esc(c["name"])
        c["street_x"] = esc(c["street"])
        c["city_x"] = esc(c["city"])
    return customers


def party_supplier(cur):
    name, _, _, country, vat, _ = SUPPLIERS[cur]
    return (
        "<cac:AccountingSupplierParty><cac:Party>"
        f"<cac:PostalAddress><cac:Country><cbc:IdentificationCode>{country}</cbc:IdentificationCode></cac:Country></cac:PostalAddress>"
        f"<cac:PartyLegalEntity><cbc:RegistrationName>{name}</cbc:RegistrationName></cac:PartyLegalEntity>"
        "</cac:Party></cac:AccountingSupplierParty>\n"
    )


def party_customer(c):
    return (
        "<cac:AccountingCustomerParty><cac:Party>"
        f"<cac:PartyIdentification><cbc:ID>{c['customer_id']}</cbc:ID></cac:PartyIdentification>"
        f"<cac:PostalAddress><cbc:StreetName>{c['street_x']}</cbc:StreetName>"
        f"<cbc:CityName>{c['city_x']}</cbc:CityName><cbc:PostalZone>{c['zone']}</cbc:PostalZone>"
        f"<cac:Country><cbc:IdentificationCode>{c['country']}</cbc:IdentificationCode></cac:Country></cac:PostalAddress>"
        f"<cac:PartyLegalEntity><cbc:RegistrationName>{c['name_x']}</cbc:RegistrationName></cac:PartyLegalEntity>"
        "</cac:Party></cac:AccountingCustomerParty>\n"
    )


def tax_category(cur, customer_country):
    """(category id, percent) as a supplier in that currency would invoice this customer."""
    _, _, _, supplier_country, _, rate = SUPPLIERS[cur]
    if customer_country == supplier_country:
        return ("S", rate) if rate else ("O", 0)
    if supplier_country in EU and customer_country in EU:
        return ("AE", 0)  # intra-community reverse charge
    return ("G", 0)       # export


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=42)
    size = ap.add_mutually_exclusive_group()
    size.add_argument("--size-mb", type=float, default=None, help="target size in MB of 10^6 bytes (default 220)")
    size.add_argument("--invoices", type=int, default=None, help="exact number of documents instead of a size")
    ap.add_argument("--customers", type=int, default=20000)
    ap.add_argument("--out", default="/tmp/creditreport-xmlbench/invoices.xml")
    args = ap.parse_args(argv)
    if args.customers < 1 or args.customers > 999999:
        ap.error("--customers must be between 1 and 999999")
    if (args.size_mb is not None and args.size_mb <= 0) or (args.invoices is not None and args.invoices < 0):
        ap.error("--size-mb must be positive and --invoices not negative")
    target_bytes = None if args.invoices is not None else int((args.size_mb or 220) * 1_000_000)
    max_docs = args.invoices

    t0 = time.monotonic()
    out_dir = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(out_dir, exist_ok=True)
    rng = random.Random(args.seed)
    customers = make_customers(rng, args.customers)

    with open(os.path.join(out_dir, "customers.csv"), "w", encoding="utf-8", newline="") as f:
        cols = ["customer_id", "name", "country", "industry", "group_id", "credit_limit",
                "insured_limit", "limit_currency", "risk_grade", "payment_terms_days"]
        w = csv.writer(f, lineterminator="\n")
        w.writerow(cols)
        for c in customers:
            w.writerow([c[k] for k in cols])
    with open(os.path.join(out_dir, "fx.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("currency,rate\n" + "".join(f"{c},{r}\n" for c, r in FX))

    # activity is concentrated: customer k (in a shuffled order) has weight 1/(k+1)^0.9
    order = list(range(len(customers)))
    rng.shuffle(order)
    cum, acc = [], 0.0
    for k in range(len(customers)):
        acc += 1.0 / (k + 1) ** 0.9
        cum.append(acc)
    suppliers = {cur: party_supplier(cur) for cur, _ in FX}
    customer_xml = {}
    last_invoice = {}
    totals = {"Invoice": {}, "CreditNote": {}}
    counts = {"Invoice": 0, "CreditNote": 0, "lines": 0}

    tmp_path = args.out + ".part"
    written = 0
    n_docs = 0
    seq = 0
    with open(tmp_path, "wb") as f:
        head = (f'<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<Invoices xmlns="{NS_BENCH}" xmlns:cac="{NS_CAC}" xmlns:cbc="{NS_CBC}">\n').encode()
        f.write(head)
        written += len(head)
        buf, buf_bytes = [], 0
        batch = []
        while True:
            if max_docs is not None and n_docs >= max_docs:
                break
            if target_bytes is not None and written + buf_bytes >= target_bytes:
                break
            if not batch:
                batch = rng.choices(order, cum_weights=cum, k=4096)
            c = customers[batch.pop()]
            cid = c["customer_id"]
            seq += 1
            is_cn = rng.random() < CREDIT_NOTE_SHARE
            cur = c["currency"]
            age = min(int(rng.expovariate(1 / 75)), 729)
            issue = AS_OF - dt.timedelta(days=age)
            terms = c["payment_terms_days"]
            due = issue if is_cn else issue + dt.timedelta(days=terms)
            cat, pct = tax_category(cur, c["country"])
            n_lines = 1 if is_cn else rng.choice((1, 1, 1, 1, 2, 2, 3))
            lines_xml = []
            net = 0
            for ln in range(1, n_lines + 1):
                qty = rng.choice((1, 2, 3, 5, 10, 12, 20, 25, 50, 100))
                price = int(10 ** rng.uniform(2.7, 5.7))          # 5.01 .. 5011.87 in cents
                if is_cn:
                    qty = max(1, qty // 10)
                amount = qty * price
                net += amount
                lines_xml.append(
                    f"<cac:{'CreditNoteLine' if is_cn else 'InvoiceLine'}><cbc:ID>{ln}</cbc:ID>"
                    f"<cbc:{'CreditedQuantity' if is_cn else 'InvoicedQuantity'} unitCode=\"{rng.choice(UNITS)}\">{qty}"
                    f"</cbc:{'CreditedQuantity' if is_cn else 'InvoicedQuantity'}>"
                    f"<cbc:LineExtensionAmount currencyID=\"{cur}\">{money(amount)}</cbc:LineExtensionAmount>"
                    f"<cac:Item><cbc:Name>{esc(rng.choice(ITEMS))}</cbc:Name></cac:Item>"
                    f"<cac:Price><cbc:PriceAmount currencyID=\"{cur}\">{money(price)}</cbc:PriceAmount></cac:Price>"
                    f"</cac:{'CreditNoteLine' if is_cn else 'InvoiceLine'}>\n")
            tax = (net * pct + 50) // 100
            gross = net + tax
            year = issue.year
            if is_cn:
                doc_id = f"CN-{year}-{seq:07d}"
                root = "CreditNote"
                head_xml = (
                    f'<CreditNote xmlns="{NS_CREDITNOTE}">\n'
                    f"<cbc:ID>{doc_id}</cbc:ID><cbc:IssueDate>{issue.isoformat()}</cbc:IssueDate>"
                    f"<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>"
                    f"<cbc:DocumentCurrencyCode>{cur}</cbc:DocumentCurrencyCode>\n"
                    + (f"<cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>{last_invoice[cid]}</cbc:ID>"
                       "</cac:InvoiceDocumentReference></cac:BillingReference>\n" if cid in last_invoice else ""))
            else:
                doc_id = f"INV-{year}-{seq:07d}"
                root = "Invoice"
                last_invoice[cid] = doc_id
                note = f"<cbc:Note>{esc(rng.choice(NOTES))}</cbc:Note>" if rng.random() < 0.05 else ""
                head_xml = (
                    f'<Invoice xmlns="{NS_INVOICE}">\n'
                    f"<cbc:ID>{doc_id}</cbc:ID><cbc:IssueDate>{issue.isoformat()}</cbc:IssueDate>"
                    f"<cbc:DueDate>{due.isoformat()}</cbc:DueDate><cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>{note}"
                    f"<cbc:DocumentCurrencyCode>{cur}</cbc:DocumentCurrencyCode>"
                    "\n")
            cust_xml = customer_xml.get(cid)
            if cust_xml is None:
                cust_xml = customer_xml[cid] = party_customer(c)
            doc = "".join((
                head_xml, suppliers[cur], cust_xml,
                f"<cac:PaymentMeans><cbc:PaymentMeansCode>{'30' if is_cn else '58'}</cbc:PaymentMeansCode>"
                f"<cbc:PaymentDueDate>{due.isoformat()}</cbc:PaymentDueDate><cbc:PaymentID>{doc_id}</cbc:PaymentID>"
                "</cac:PaymentMeans>\n"
                f"<cac:TaxTotal><cbc:TaxAmount currencyID=\"{cur}\">{money(tax)}</cbc:TaxAmount>"
                f"<cac:TaxSubtotal><cbc:TaxAmount currencyID=\"{cur}\">{money(tax)}</cbc:TaxAmount>"
                f"<cac:TaxCategory><cbc:ID>{cat}</cbc:ID><cbc:Percent>{pct}</cbc:Percent>"
                "</cac:TaxCategory></cac:TaxSubtotal></cac:TaxTotal>\n"
                f"<cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID=\"{cur}\">{money(net)}</cbc:LineExtensionAmount>"
                f"<cbc:TaxInclusiveAmount currencyID=\"{cur}\">{money(gross)}</cbc:TaxInclusiveAmount>"
                f"<cbc:PayableAmount currencyID=\"{cur}\">{money(gross)}</cbc:PayableAmount></cac:LegalMonetaryTotal>\n",
                *lines_xml,
                f"</{root}>\n",
            )).encode()
            buf.append(doc)
            buf_bytes += len(doc)
            n_docs += 1
            counts[root] += 1
            counts["lines"] += n_lines
            totals[root][cur] = totals[root].get(cur, 0) + gross
            if buf_bytes >= FLUSH_BYTES:
                f.write(b"".join(buf))
                written += buf_bytes
                buf, buf_bytes = [], 0
        tail = b"</Invoices>\n"
        f.write(b"".join(buf) + tail)
        written += buf_bytes + len(tail)
    os.replace(tmp_path, args.out)
    seconds = time.monotonic() - t0

    summary = {
        "generator": "tools/bench/gen_ubl.py", "seed": args.seed, "customers": len(customers),
        "as_of": AS_OF.isoformat(), "file": os.path.basename(args.out), "bytes": written,
        "documents": n_docs, "invoices": counts["Invoice"], "credit_notes": counts["CreditNote"],
        "lines": counts["lines"],
        "payable_amount": {t: {k: money(v) for k, v in sorted(d.items())} for t, d in totals.items()},
    }
    with open(os.path.join(out_dir, "summary.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {args.out}: {written:,} bytes, {n_docs:,} documents "
          f"({counts['CreditNote']:,} credit notes), {written / max(n_docs, 1):,.0f} bytes/document, "
          f"{seconds:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
