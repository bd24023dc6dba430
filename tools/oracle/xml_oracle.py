#!/usr/bin/env python3
"""Independent oracle for the XML conformance fixtures in fixtures/xml/.

    python3 tools/oracle/xml_oracle.py                 # writes fixtures/xml/expected.json
    python3 tools/oracle/xml_oracle.py --stdout        # prints the JSON instead
    python3 tools/oracle/xml_oracle.py --saft-no-schema DIR
                                                       # prints what the Norwegian SAF-T XSDs in DIR allow
                                                       # for customer payment terms (not part of expected.json)

Reads every file itself (nothing below is a hard-coded figure from a fixture):
  fixtures/xml/peppol/*.xml   UBL 2.1 Invoice / CreditNote (Peppol BIS Billing 3.0 examples)  -> "ubl"
  fixtures/xml/saft-no/*.xml  Norwegian SAF-T Financial 1.x                                     -> "saft_no"
  fixtures/xml/ecb/*.xml      ECB eurofxref daily / 90-day feeds                               -> "ecb"
  fixtures/xml/saft-pt/*.xml  Portuguese SAF-T 1.04_01 (hand-made demo, Windows-1252)          -> "saft_pt"

Written without any code from the Swift implementation, Python 3 standard library only
(xml.etree.ElementTree with explicit namespace URIs; pyexpat only to cross-check line numbers).
Amounts are kept as the exact strings of the file; arithmetic uses decimal.Decimal, never floats.
"""

import argparse
import decimal
import glob
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
import xml.parsers.expat
from decimal import Decimal

D = Decimal
CENT = D("0.01")

UBL_ROOT_NS = {
    "Invoice": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "CreditNote": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
}
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
UBL = {"cbc": CBC, "cac": CAC}

# Top-level sequence of the UBL 2.1 maindoc schemas (UBL-Invoice-2.1.xsd / UBL-CreditNote-2.1.xsd).
# Used only to say whether the direct children of the root come in schema order.
UBL_INVOICE_ORDER = """UBLExtensions UBLVersionID CustomizationID ProfileID ProfileExecutionID ID CopyIndicator
UUID IssueDate IssueTime DueDate InvoiceTypeCode Note TaxPointDate DocumentCurrencyCode TaxCurrencyCode
PricingCurrencyCode PaymentCurrencyCode PaymentAlternativeCurrencyCode AccountingCostCode AccountingCost
LineCountNumeric BuyerReference InvoicePeriod OrderReference BillingReference DespatchDocumentReference
ReceiptDocumentReference StatementDocumentReference OriginatorDocumentReference ContractDocumentReference
AdditionalDocumentReference ProjectReference Signature AccountingSupplierParty AccountingCustomerParty
PayeeParty BuyerCustomerParty SellerSupplierParty TaxRepresentativeParty Delivery DeliveryTerms PaymentMeans
PaymentTerms PrepaidPayment AllowanceCharge TaxExchangeRate PricingExchangeRate PaymentExchangeRate
PaymentAlternativeExchangeRate TaxTotal WithholdingTaxTotal LegalMonetaryTotal InvoiceLine""".split()
UBL_CREDITNOTE_ORDER = """UBLExtensions UBLVersionID CustomizationID ProfileID ProfileExecutionID ID CopyIndicator
UUID IssueDate IssueTime TaxPointDate CreditNoteTypeCode Note DocumentCurrencyCode TaxCurrencyCode
PricingCurrencyCode PaymentCurrencyCode PaymentAlternativeCurrencyCode AccountingCostCode AccountingCost
LineCountNumeric BuyerReference InvoicePeriod DiscrepancyResponse OrderReference BillingReference
DespatchDocumentReference ReceiptDocumentReference ContractDocumentReference AdditionalDocumentReference
StatementDocumentReference OriginatorDocumentReference Signature AccountingSupplierParty AccountingCustomerParty
PayeeParty BuyerCustomerParty SellerSupplierParty TaxRepresentativeParty Delivery DeliveryTerms PaymentMeans
PaymentTerms TaxExchangeRate PricingExchangeRate PaymentExchangeRate PaymentAlternativeExchangeRate
AllowanceCharge TaxTotal LegalMonetaryTotal CreditNoteLine""".split()

SAFT_PT_NS = "urn:OECD:StandardAuditFile-Tax:PT_1.04_01"
ECB_NS = "http://www.ecb.int/vocabulary/2002-08-01/eurofxref"
GESMES_NS = "http://www.gesmes.org/xml/2002-08-01"


# ---------------------------------------------------------------- generic helpers

def split_tag(tag):
    """'{uri}local' -> (uri, local); 'local' -> ('', local)."""
    if tag.startswith("{"):
        uri, local = tag[1:].split("}", 1)
        return uri, local
    return "", tag


def money(s):
    """Exact Decimal from an amount string of a file (surrounding whitespace ignored)."""
    return D(s.strip())


def q2(d):
    return str(d.quantize(CENT, rounding=decimal.ROUND_HALF_UP))


def file_facts(path):
    """Byte-level facts: BOM, declared encoding, line endings, final newline, non-ASCII bytes."""
    data = open(path, "rb").read()
    bom = None
    if data.startswith(b"\xef\xbb\xbf"):
        bom = "UTF-8"
    elif data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        bom = "UTF-16"
    body = data[3:] if bom == "UTF-8" else data
    m = re.match(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']+)[\"']", body)
    crlf = data.count(b"\r\n")
    cr_only = data.count(b"\r") - crlf
    lf_only = data.count(b"\n") - crlf
    kinds = [k for k, n in (("CRLF", crlf), ("CR", cr_only), ("LF", lf_only)) if n]
    return {
        "bytes": len(data),
        "bom": bom,
        "declared_encoding": m.group(1).decode("ascii") if m else None,
        "line_endings": {"CRLF": crlf, "CR": cr_only, "LF": lf_only},
        "line_ending_kind": "+".join(kinds) if kinds else "none (single line)",
        "ends_with_newline": data.endswith(b"\n") or data.endswith(b"\r"),
        "non_ascii_bytes": sum(1 for b in body if b > 0x7F),
    }


def parse(path):
    """(root, None) or (None, error dict) for a file that is not well-formed."""
    try:
        return ET.parse(path).getroot(), None
    except ET.ParseError as e:
        line, col = e.position
        return None, {"message": str(e), "line": line, "column": col + 1}


def expat_start_lines(path, uri, local):
    """1-based (line, column) of every start tag {uri}local, from pyexpat's own position counters."""
    hits = []
    p = xml.parsers.expat.ParserCreate(namespace_separator="}")

    def start(name, attrs):
        u, _, l = name.rpartition("}")
        if l == local and u == uri:
            hits.append((p.CurrentLineNumber, p.CurrentColumnNumber + 1))

    p.StartElementHandler = start
    with open(path, "rb") as fh:
        p.ParseFile(fh)
    return hits


def text_search_lines(path, local):
    """1-based (line, column) of '<local' or '<prefix:local' found by plain text search (not in comments)."""
    text = open(path, "rb").read().decode("utf-8-sig", errors="replace")
    # blank out comments but keep their newlines so line numbers stay right
    text = re.sub(r"<!--.*?-->", lambda m: re.sub(r"[^\n]", " ", m.group(0)), text, flags=re.S)
    hits = []
    pat = re.compile(r"<(?:[A-Za-z_][\w.\-]*:)?" + re.escape(local) + r"(?=[\s/>])")
    for i, line in enumerate(text.split("\n"), start=1):
        for m in pat.finditer(line):
            hits.append((i, m.start() + 1))
    return hits


# ---------------------------------------------------------------- UBL (Peppol)

def ubl_text(el, path):
    x = el.find(path, UBL)
    return None if x is None else x.text


def ubl_buyer(root):
    party = root.find("cac:AccountingCustomerParty/cac:Party", UBL)
    if party is None:
        return None
    buyer = {"id": None, "id_source": None, "id_scheme": None}
    for src in ("cac:PartyIdentification/cbc:ID", "cbc:EndpointID",
                "cac:PartyLegalEntity/cbc:CompanyID", "cac:PartyTaxScheme/cbc:CompanyID"):
        for el in party.findall(src, UBL):
            if el.text and el.text.strip():
                buyer.update(id=el.text.strip(), id_source=src, id_scheme=el.get("schemeID"))
                break
        if buyer["id"] is not None:
            break
    name = None
    name_source = None
    for src in ("cac:PartyLegalEntity/cbc:RegistrationName", "cac:PartyName/cbc:Name"):
        v = ubl_text(party, src)
        if v and v.strip():
            name, name_source = v.strip(), src
            break
    buyer["name"] = name
    buyer["name_source"] = name_source
    c = ubl_text(party, "cac:PostalAddress/cac:Country/cbc:IdentificationCode")
    buyer["country"] = c.strip() if c else None
    # the other identifiers, for information
    buyer["all_ids"] = {
        src: [(e.text or "").strip() for e in party.findall(src, UBL)]
        for src in ("cac:PartyIdentification/cbc:ID", "cbc:EndpointID",
                    "cac:PartyLegalEntity/cbc:CompanyID", "cac:PartyTaxScheme/cbc:CompanyID")
        if party.findall(src, UBL)
    }
    return buyer


def top_level_order(root, order):
    names = [split_tag(c.tag)[1] for c in root if isinstance(c.tag, str)]
    unknown = sorted({n for n in names if n not in order})
    pos = [order.index(n) for n in names if n in order]
    problems = []
    known = [n for n in names if n in order]
    for a, b, pa, pb in zip(known, known[1:], pos, pos[1:]):
        if pb < pa:
            problems.append("%s after %s" % (b, a))
    return {"in_schema_order": not problems and not unknown,
            "out_of_order": problems, "unknown_elements": unknown}


def ubl_file(path):
    rec = {"file": os.path.basename(path), "file_facts": file_facts(path)}
    root, err = parse(path)
    if err:
        rec.update(well_formed=False, parse_error=err, is_ubl=False)
        return rec
    rec["well_formed"] = True
    uri, local = split_tag(root.tag)
    rec["root"] = local
    rec["root_namespace"] = uri
    if local not in UBL_ROOT_NS or UBL_ROOT_NS[local] != uri:
        rec["is_ubl"] = False
        rec["not_ubl_reason"] = "root {%s}%s is not a UBL 2.1 Invoice or CreditNote" % (uri, local)
        return rec
    rec["is_ubl"] = True
    is_cn = local == "CreditNote"
    rec["type"] = "credit_note" if is_cn else "invoice"
    rec["type_code"] = ubl_text(root, "cbc:CreditNoteTypeCode" if is_cn else "cbc:InvoiceTypeCode")
    rec["document_id"] = ubl_text(root, "cbc:ID")
    rec["issue_date"] = ubl_text(root, "cbc:IssueDate")

    due, due_src = None, None
    if not is_cn and ubl_text(root, "cbc:DueDate"):
        due, due_src = ubl_text(root, "cbc:DueDate").strip(), "cbc:DueDate"
    else:
        v = ubl_text(root, "cac:PaymentMeans/cbc:PaymentDueDate")
        if v and v.strip():
            due, due_src = v.strip(), "cac:PaymentMeans/cbc:PaymentDueDate"
    rec["due_date"] = due
    rec["due_date_source"] = due_src
    notes = [(n.text or "").strip() for n in root.findall("cac:PaymentTerms/cbc:Note", UBL)]
    rec["payment_terms_note_present"] = bool(notes)
    rec["payment_terms_notes"] = notes

    rec["currency"] = ubl_text(root, "cbc:DocumentCurrencyCode")
    rec["tax_currency"] = ubl_text(root, "cbc:TaxCurrencyCode")
    pa = root.find("cac:LegalMonetaryTotal/cbc:PayableAmount", UBL)
    if pa is None:
        rec["payable_amount"] = None
    else:
        raw = pa.text
        amount = money(raw)
        rec["payable_amount"] = {"value": raw, "currencyID": pa.get("currencyID")}
        rec["signed_amount"] = str(-amount if is_cn else amount)
    pre = root.find("cac:LegalMonetaryTotal/cbc:PrepaidAmount", UBL)
    rec["prepaid_amount"] = None if pre is None else pre.text
    rec["buyer"] = ubl_buyer(root)

    txt = text_search_lines(path, "PayableAmount")
    exp = expat_start_lines(path, CBC, "PayableAmount")
    rec["payable_amount_line"] = txt[0][0] if txt else None
    rec["payable_amount_column"] = txt[0][1] if txt else None
    rec["payable_amount_line_check"] = {
        "text_search": [list(h) for h in txt],
        "expat": [list(h) for h in exp],
        "agree": [h[0] for h in txt] == [h[0] for h in exp],
    }
    rec["top_level_order"] = top_level_order(root, UBL_CREDITNOTE_ORDER if is_cn else UBL_INVOICE_ORDER)
    return rec


def ubl_section(folder):
    files = [ubl_file(p) for p in sorted(glob.glob(os.path.join(folder, "*.xml")), key=str.lower)]
    ids = {}
    for r in files:
        if r.get("is_ubl"):
            ids.setdefault(r["document_id"], []).append(r["file"])
    summary = {
        "files": len(files),
        "well_formed": sum(1 for r in files if r.get("well_formed")),
        "ubl": sum(1 for r in files if r.get("is_ubl")),
        "invoices": sum(1 for r in files if r.get("type") == "invoice"),
        "credit_notes": sum(1 for r in files if r.get("type") == "credit_note"),
        "without_due_date": [r["file"] for r in files if r.get("is_ubl") and r["due_date"] is None],
        "not_in_schema_order": [r["file"] for r in files
                                if r.get("is_ubl") and not r["top_level_order"]["in_schema_order"]],
        "not_well_formed_or_not_ubl": [r["file"] for r in files if not r.get("is_ubl")],
        "document_ids_used_by_several_files": {k: v for k, v in sorted(ids.items()) if len(v) > 1},
    }
    return {"summary": summary, "files": files}


# ---------------------------------------------------------------- SAF-T Norway

def saft_no_file(path):
    rec = {"file": os.path.basename(path), "file_facts": file_facts(path)}
    root, err = parse(path)
    if err:
        rec.update(well_formed=False, parse_error=err)
        return rec
    rec["well_formed"] = True
    uri, local = split_tag(root.tag)
    rec["root"] = local
    rec["namespace"] = uri or None
    raw_head = open(path, "rb").read(4000).decode("utf-8-sig", errors="replace")
    m = re.search(r"<(\w+:)?AuditFile\b[^>]*>", raw_head)
    rec["root_prefix"] = m.group(1)[:-1] if m and m.group(1) else None
    rec["declared_namespaces"] = (dict((k or "(default)", v) for k, v in
                                       re.findall(r'xmlns:?(\w*)="([^"]+)"', m.group(0))) if m else {})

    def q(path_):
        return "/".join(("{%s}%s" % (uri, p)) if uri else p for p in path_.split("/"))

    def t(el, path_):
        x = el.find(q(path_))
        return None if x is None else x.text

    hdr = root.find(q("Header"))
    rec["audit_file_version"] = t(hdr, "AuditFileVersion")
    rec["default_currency"] = t(hdr, "DefaultCurrencyCode")
    sel = hdr.find(q("SelectionCriteria"))
    rec["selection_criteria"] = (None if sel is None else
                                 {split_tag(c.tag)[1]: c.text for c in sel})
    customers = []
    cust_lines = expat_start_lines(path, uri, "Customer")
    for idx, c in enumerate(root.findall(q("MasterFiles/Customers/Customer"))):
        cr = {"CustomerID": t(c, "CustomerID"), "Name": t(c, "Name"),
              "line": cust_lines[idx][0] if idx < len(cust_lines) else None}
        addrs = [{"country": t(a, "Country"), "type": t(a, "AddressType"), "city": t(a, "City")}
                 for a in c.findall(q("Address"))]
        cr["country"] = addrs[0]["country"] if addrs else None
        cr["addresses"] = addrs
        cr["multiple_addresses"] = len(addrs) > 1
        cr["countries_differ"] = len({a["country"] for a in addrs}) > 1
        # v1.10/1.20: balances directly under Customer; v1.30: under BalanceAccount (0..n)
        holders = [("Customer", c)]
        if all(c.find(q(n)) is None for n in ("OpeningDebitBalance", "OpeningCreditBalance",
                                                "ClosingDebitBalance", "ClosingCreditBalance")):
            bas = c.findall(q("BalanceAccount"))
            if bas:
                holders = [("BalanceAccount", b) for b in bas]
        cr["balances_location"] = holders[0][0] if len(holders) == 1 else "BalanceAccount x%d" % len(holders)
        cr["AccountID"] = t(holders[0][1], "AccountID") if holders[0][0] == "BalanceAccount" else t(c, "AccountID")
        tot = {"opening": [], "closing": []}
        for name in ("OpeningDebitBalance", "OpeningCreditBalance", "ClosingDebitBalance", "ClosingCreditBalance"):
            vals = [t(h, name) for _, h in holders if t(h, name) is not None]
            cr[name] = vals[0] if len(vals) == 1 else (vals or None)
        for kind in ("opening", "closing"):
            K = kind.capitalize()
            has = False
            bal = D(0)
            for _, h in holders:
                dv, cv = t(h, K + "DebitBalance"), t(h, K + "CreditBalance")
                if dv is not None or cv is not None:
                    has = True
                    bal += (money(dv) if dv is not None else D(0)) - (money(cv) if cv is not None else D(0))
            cr[kind + "_balance"] = str(bal) if has else None
            cr[kind + "_balance_2dp"] = q2(bal) if has else None
        pt = c.find(q("PartyInfo/PaymentTerms"))
        cr["payment_terms"] = None if pt is None else {split_tag(x.tag)[1]: x.text for x in pt}
        cr["party_currency"] = t(c, "PartyInfo/CurrencyCode")
        customers.append(cr)
    # movements on customer sub-ledger lines in the general ledger
    moves = {}
    for line in root.iter(q("Line")):
        cid = t(line, "CustomerID")
        if cid is None:
            continue
        dv, cv = t(line, "DebitAmount/Amount"), t(line, "CreditAmount/Amount")
        mv = moves.setdefault(cid, {"lines": 0, "debit": D(0), "credit": D(0)})
        mv["lines"] += 1
        mv["debit"] += money(dv) if dv is not None else D(0)
        mv["credit"] += money(cv) if cv is not None else D(0)
    for cr in customers:
        mv = moves.get(cr["CustomerID"], {"lines": 0, "debit": D(0), "credit": D(0)})
        net = mv["debit"] - mv["credit"]
        g = {"lines": mv["lines"], "debit": str(mv["debit"]), "credit": str(mv["credit"]), "net": str(net)}
        if cr["opening_balance"] is not None and cr["closing_balance"] is not None:
            g["opening_plus_net_equals_closing"] = D(cr["opening_balance"]) + net == D(cr["closing_balance"])
        cr["gl"] = g
    rec["customers"] = customers
    rec["customer_ids_in_gl_without_master_record"] = sorted(set(moves) - {c["CustomerID"] for c in customers})
    rec["has_source_documents"] = root.find(q("SourceDocuments")) is not None
    return rec


def saft_no_section(folder):
    return [saft_no_file(p) for p in sorted(glob.glob(os.path.join(folder, "*.xml")), key=str.lower)]


def saft_no_schema_report(xsd_dir):
    """What the Norwegian XSDs allow under PartyInfo/PaymentTerms and where else 'PaymentTerms' occurs."""
    XS = "{http://www.w3.org/2001/XMLSchema}"
    out = {}
    for p in sorted(glob.glob(os.path.join(xsd_dir, "*Financial*.xsd"))):
        root = ET.parse(p).getroot()
        parents = {ch: par for par in root.iter() for ch in par}
        info = {"version": root.get("version"), "PaymentTerms": []}
        for el in root.iter(XS + "element"):
            if el.get("name") != "PaymentTerms":
                continue
            owner, a = None, el
            while a in parents:
                a = parents[a]
                if a.tag == XS + "complexType" and a.get("name"):
                    owner = a.get("name")
                    break
            kids = [(k.get("name"), k.get("type") or "(restricted decimal)", k.get("minOccurs", "1"))
                    for k in el.iter(XS + "element") if k is not el]
            info["PaymentTerms"].append({"in_type": owner, "type": el.get("type"),
                                         "children": kids or None})
        out[os.path.basename(p)] = info
    return out


# ---------------------------------------------------------------- ECB

def ecb_days(root):
    days = []
    for cube in root.iter("{%s}Cube" % ECB_NS):
        if cube.get("time") is not None:
            days.append((cube.get("time"),
                         [(c.get("currency"), c.get("rate")) for c in cube.findall("{%s}Cube" % ECB_NS)]))
    return days


def ecb_section(folder):
    out = {}
    for p in sorted(glob.glob(os.path.join(folder, "*.xml"))):
        name = os.path.basename(p)
        root, err = parse(p)
        rec = {"file": name, "file_facts": file_facts(p)}
        if err:
            rec.update(well_formed=False, parse_error=err)
            out[name] = rec
            continue
        rec["root"] = "{%s}%s" % split_tag(root.tag)
        rec["sender"] = (root.findtext("{%s}Sender/{%s}name" % (GESMES_NS, GESMES_NS)))
        days = ecb_days(root)
        rec["days"] = len(days)
        counts = {}
        for d, rates in days:
            counts.setdefault(len(rates), []).append(d)
        rec["currencies_per_day"] = {str(k): len(v) for k, v in sorted(counts.items())}
        if len(counts) > 1:
            typical = max(counts, key=lambda k: len(counts[k]))
            rec["days_with_other_currency_count"] = {str(k): v for k, v in counts.items() if k != typical}
        if len(days) == 1:
            rec["rates"] = [[d, c, r] for d, rates in days for c, r in rates]
        else:
            dates = [d for d, _ in days]
            rec["first_date_in_file"], rec["last_date_in_file"] = dates[0], dates[-1]
            rec["earliest_date"], rec["latest_date"] = min(dates), max(dates)
            rec["order"] = ("newest first" if dates == sorted(dates, reverse=True) else
                            "oldest first" if dates == sorted(dates) else "unsorted")
            want = ("USD", "CNY", "GBP", "JPY")
            by_date = dict(days)
            rec["selected_rates"] = {
                d: {c: dict(by_date[d]).get(c) for c in want}
                for d in (rec["latest_date"], rec["earliest_date"])
            }
            all_cur = sorted({c for _, rates in days for c, _ in rates})
            rec["currencies"] = all_cur
            rec["currencies_missing_on_some_days"] = {
                c: [d for d, rates in days if c not in dict(rates)]
                for c in all_cur if any(c not in dict(rates) for _, rates in days)
            }
        out[name] = rec
    return out


# ---------------------------------------------------------------- SAF-T Portugal

def saft_pt_file(path):
    P = "{%s}" % SAFT_PT_NS
    rec = {"file": os.path.basename(path), "file_facts": file_facts(path)}
    root, err = parse(path)
    if err:
        rec.update(well_formed=False, parse_error=err)
        return rec
    rec["well_formed"] = True
    rec["root"] = "{%s}%s" % split_tag(root.tag)

    def q(path_):
        return "/".join(P + s for s in path_.split("/"))

    def t(el, path_):
        x = el.find(q(path_))
        return None if x is None else x.text

    h = root.find(q("Header"))
    rec["header"] = {k: t(h, k) for k in ("AuditFileVersion", "CompanyName", "FiscalYear", "StartDate",
                                          "EndDate", "CurrencyCode")}
    customers = {}
    for c in root.findall(q("MasterFiles/Customer")):
        customers[t(c, "CustomerID")] = {
            "CustomerID": t(c, "CustomerID"), "name": t(c, "CompanyName"), "tax_id": t(c, "CustomerTaxID"),
            "country": t(c, "BillingAddress/Country"), "city": t(c, "BillingAddress/City"),
        }
    gross_lines = expat_start_lines(path, SAFT_PT_NS, "GrossTotal")

    # documents
    si = root.find(q("SourceDocuments/SalesInvoices"))
    docs, excluded = [], []
    ctl = {"entries": 0, "debit": D(0), "credit": D(0)}
    for inv in si.findall(q("Invoice")):
        no, typ, status = t(inv, "InvoiceNo"), t(inv, "InvoiceType"), t(inv, "DocumentStatus/InvoiceStatus")
        lines_credit = sum((money(x.text) for x in inv.findall(q("Line/CreditAmount"))), D(0))
        lines_debit = sum((money(x.text) for x in inv.findall(q("Line/DebitAmount"))), D(0))
        net, tax, gross = (t(inv, "DocumentTotals/" + k) for k in ("NetTotal", "TaxPayable", "GrossTotal"))
        ctl["entries"] += 1
        d = {
            "InvoiceNo": no, "type": typ, "status": status, "customer": t(inv, "CustomerID"),
            "date": t(inv, "InvoiceDate"), "net_total": net, "tax_payable": tax, "gross_total": gross,
            "references": [x.text for x in inv.findall(q("Line/References/Reference"))],
            "checks": {
                "lines_net_equals_NetTotal": abs(lines_credit - lines_debit) == money(net),
                "net_plus_tax_equals_GrossTotal": money(net) + money(tax) == money(gross),
            },
        }
        if status == "A":
            d["included"] = False
            d["excluded_reason"] = "InvoiceStatus A (cancelled)" + (
                ": " + t(inv, "DocumentStatus/Reason") if t(inv, "DocumentStatus/Reason") else "")
            excluded.append({"document": no, "reason": d["excluded_reason"]})
        elif status == "F":
            d["included"] = False
            d["excluded_reason"] = "InvoiceStatus F (billed in another document)"
            excluded.append({"document": no, "reason": d["excluded_reason"]})
        else:
            d["included"] = True
            ctl["debit"] += lines_debit
            ctl["credit"] += lines_credit
        d["sign"] = -1 if typ == "NC" else 1
        docs.append(d)
    for d, ln in zip(docs, gross_lines):
        d["gross_total_line"] = ln[0]
    rec["sales_invoices_control"] = {
        "file": {k: t(si, k) for k in ("NumberOfEntries", "TotalDebit", "TotalCredit")},
        "computed": {"NumberOfEntries": str(ctl["entries"]), "TotalDebit": q2(ctl["debit"]),
                     "TotalCredit": q2(ctl["credit"])},
    }
    rec["sales_invoices_control"]["agree"] = all(
        money(rec["sales_invoices_control"]["file"][k]) == money(v)
        for k, v in rec["sales_invoices_control"]["computed"].items())

    # payments
    by_no = {d["InvoiceNo"]: d for d in docs}
    paid = {d["InvoiceNo"]: D(0) for d in docs}
    pays, problems = [], []
    pay_root = root.find(q("SourceDocuments/Payments"))
    pctl = {"entries": 0, "debit": D(0), "credit": D(0)}
    for pay in (pay_root.findall(q("Payment")) if pay_root is not None else []):
        ref, status = t(pay, "PaymentRefNo"), t(pay, "DocumentStatus/PaymentStatus")
        pctl["entries"] += 1
        lines = []
        for ln in pay.findall(q("Line")):
            origins = [t(s, "OriginatingON") for s in ln.findall(q("SourceDocumentID"))]
            cv, dv = t(ln, "CreditAmount"), t(ln, "DebitAmount")
            amount = money(cv) if cv is not None else money(dv)
            lines.append({"originating_on": origins, "side": "credit" if cv is not None else "debit",
                          "amount": cv if cv is not None else dv})
            if status == "A":
                continue
            pctl["credit" if cv is not None else "debit"] += amount
            if len(origins) != 1:
                problems.append({"payment": ref, "problem": "line references %d documents; amount not allocated"
                                 % len(origins), "documents": origins})
                continue
            o = origins[0]
            if o not in by_no:
                problems.append({"payment": ref, "problem": "references unknown document", "document": o})
            elif not by_no[o]["included"]:
                problems.append({"payment": ref, "problem": "references an excluded document", "document": o})
            else:
                paid[o] += amount
        p = {"PaymentRefNo": ref, "date": t(pay, "TransactionDate"), "status": status,
             "customer": t(pay, "CustomerID"), "gross_total": t(pay, "DocumentTotals/GrossTotal"), "lines": lines,
             "included": status != "A"}
        p["checks"] = {"lines_sum_equals_GrossTotal":
                       sum((money(x["amount"]) for x in lines), D(0)) == money(p["gross_total"])}
        if status == "A":
            p["excluded_reason"] = "PaymentStatus A (cancelled)" + (
                ": " + t(pay, "DocumentStatus/Reason") if t(pay, "DocumentStatus/Reason") else "")
            excluded.append({"document": ref, "reason": p["excluded_reason"]})
        pays.append(p)
    rec["payments_control"] = {
        "file": {k: t(pay_root, k) for k in ("NumberOfEntries", "TotalDebit", "TotalCredit")},
        "computed": {"NumberOfEntries": str(pctl["entries"]), "TotalDebit": q2(pctl["debit"]),
                     "TotalCredit": q2(pctl["credit"])},
    }
    rec["payments_control"]["agree"] = all(
        money(rec["payments_control"]["file"][k]) == money(v)
        for k, v in rec["payments_control"]["computed"].items())

    # open items
    per_cust = {cid: {"open_total": D(0), "documents": 0} for cid in customers}
    invoices = []
    for d in docs:
        row = {k: d[k] for k in ("InvoiceNo", "type", "status", "customer", "date", "gross_total")}
        row["customer_name"] = customers.get(d["customer"], {}).get("name")
        row["included"] = d["included"]
        if d["included"]:
            g = money(d["gross_total"])
            row["payments"] = q2(paid[d["InvoiceNo"]])
            row["open_amount"] = q2(d["sign"] * (g - paid[d["InvoiceNo"]]))
            row["settled"] = ("fully" if paid[d["InvoiceNo"]] == g else
                              "partly" if paid[d["InvoiceNo"]] else "not")
            pc = per_cust.setdefault(d["customer"], {"open_total": D(0), "documents": 0})
            pc["open_total"] += D(row["open_amount"])
            pc["documents"] += 1
        else:
            row["payments"] = None
            row["open_amount"] = None
            row["excluded_reason"] = d["excluded_reason"]
        row["references"] = d["references"]
        row["gross_total_line"] = d.get("gross_total_line")
        row["checks"] = d["checks"]
        invoices.append(row)
    rec["invoices"] = invoices
    rec["payments"] = pays
    rec["excluded"] = excluded
    rec["payment_problems"] = problems
    rec["customers"] = [
        dict(v, open_total=q2(per_cust.get(k, {"open_total": D(0)})["open_total"]),
             documents=per_cust.get(k, {"documents": 0})["documents"])
        for k, v in customers.items()
    ]
    rec["open_total"] = q2(sum((D(r["open_amount"]) for r in invoices if r["included"]), D(0)))
    return rec


def saft_pt_section(folder):
    return [saft_pt_file(p) for p in sorted(glob.glob(os.path.join(folder, "*.xml")))]


# ---------------------------------------------------------------- main

def build(base):
    return {
        "generated_by": "tools/oracle/xml_oracle.py",
        "ubl": ubl_section(os.path.join(base, "peppol")),
        "saft_no": saft_no_section(os.path.join(base, "saft-no")),
        "ecb": ecb_section(os.path.join(base, "ecb")),
        "saft_pt": saft_pt_section(os.path.join(base, "saft-pt")),
    }


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_base = os.path.normpath(os.path.join(here, "..", "..", "fixtures", "xml"))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fixtures", default=default_base, help="fixtures/xml folder (default: %(default)s)")
    ap.add_argument("--out", default=None, help="output file (default: FIXTURES/expected.json)")
    ap.add_argument("--stdout", action="store_true", help="print the JSON instead of writing the file")
    ap.add_argument("--saft-no-schema", metavar="XSD_DIR",
                    help="print the payment-terms structure of the Norwegian SAF-T Financial XSDs in XSD_DIR")
    a = ap.parse_args()
    if a.saft_no_schema:
        json.dump(saft_no_schema_report(a.saft_no_schema), sys.stdout, indent=2, ensure_ascii=False)
        print()
        return
    text = json.dumps(build(a.fixtures), indent=2, ensure_ascii=False) + "\n"
    if a.stdout:
        sys.stdout.write(text)
    else:
        out = a.out or os.path.join(a.fixtures, "expected.json")
        with open(out, "w", encoding="utf-8") as fh:
            fh.write(text)
        print("wrote", out, file=sys.stderr)


if __name__ == "__main__":
    main()
