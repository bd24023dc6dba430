#!/usr/bin/env python3
"""Writes the hostile and malformed XML test corpus for creditreport's XML ingestion.

    python3 tools/xmlcorpus/make_attacks.py            # writes into fixtures/xml/{attacks,malformed}/

Every file is built from one UBL 2.1 / Peppol BIS 3-like invoice, so that the files differ only in
the attack or defect they carry:

* fixtures/xml/attacks/*.xml carry their attack in a DOCTYPE. With the DOCTYPE removed each one is a
  complete, well-formed invoice (ID, IssueDate, DueDate, DocumentCurrencyCode, customer party with
  PartyIdentification/ID, PartyLegalEntity/RegistrationName, PostalAddress/Country/IdentificationCode,
  LegalMonetaryTotal/PayableAmount with currencyID) for customer C001 of fixtures/sample, and entity
  references appear only inside cbc:Note. A reader that ignored the DOCTYPE would therefore yield an
  item; the refusal has to come from the DOCTYPE rule.
* fixtures/xml/malformed/*.xml have no DOCTYPE; each has one defect (see the README there).

The output is deterministic (same bytes on every run). The script prints, per file, the line numbers
that the READMEs and tests refer to, and checks them against the text it wrote.
"""

import os
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
ATTACKS = os.path.join(ROOT, "fixtures", "xml", "attacks")
MALFORMED = os.path.join(ROOT, "fixtures", "xml", "malformed")

NS_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
NS_ORDER = "urn:oasis:names:specification:ubl:schema:xsd:Order-2"
NS_CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
NS_CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"

CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"

# Customers of fixtures/sample/customers.csv, so an item that got through would match a known customer.
BRENNER = dict(id="C001", name="Brenner Maschinenbau GmbH", street="Industriestraße 12",
               city="Augsburg", zone="86153", country="DE", vat="DE811234567")
VALDES = dict(id="C020", name="Grupo Valdés Construcciones S.A.", street="Calle de Alcalá 120",
              city="Madrid", zone="28009", country="ES", vat="ESA28123456")

QUADRATIC_ENTITY_CHARS = 50_000
QUADRATIC_REFERENCES = 20_000
CANARY_PATH = "/tmp/creditreport-xxe-canary.txt"


def invoice_lines(doc_id, customer, *, note=None, payable="1190.00", issue_date="2026-10-01",
                  unclosed_payable=False):
    """The invoice as a list of lines (without newlines), root element first."""
    c = customer
    lines = [
        f'<Invoice xmlns="{NS_INVOICE}"',
        f'         xmlns:cac="{NS_CAC}"',
        f'         xmlns:cbc="{NS_CBC}">',
        f'  <cbc:CustomizationID>{CUSTOMIZATION}</cbc:CustomizationID>',
        f'  <cbc:ProfileID>{PROFILE}</cbc:ProfileID>',
        f'  <cbc:ID>{doc_id}</cbc:ID>',
    ]
    if issue_date is not None:
        lines.append(f'  <cbc:IssueDate>{issue_date}</cbc:IssueDate>')
    lines += [
        '  <cbc:DueDate>2026-11-30</cbc:DueDate>',
        '  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>',
    ]
    if note is not None:
        lines.append(f'  <cbc:Note>{note}</cbc:Note>')
    lines += [
        '  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>',
        '  <cbc:BuyerReference>PO-2026-4711</cbc:BuyerReference>',
        '  <cac:AccountingSupplierParty>',
        '    <cac:Party>',
        '      <cbc:EndpointID schemeID="9930">DE298765432</cbc:EndpointID>',
        '      <cac:PartyName>',
        '        <cbc:Name>Nordhandel Trading GmbH</cbc:Name>',
        '      </cac:PartyName>',
        '      <cac:PostalAddress>',
        '        <cbc:StreetName>Hafenstraße 1</cbc:StreetName>',
        '        <cbc:CityName>Hamburg</cbc:CityName>',
        '        <cbc:PostalZone>20457</cbc:PostalZone>',
        '        <cac:Country>',
        '          <cbc:IdentificationCode>DE</cbc:IdentificationCode>',
        '        </cac:Country>',
        '      </cac:PostalAddress>',
        '      <cac:PartyTaxScheme>',
        '        <cbc:CompanyID>DE298765432</cbc:CompanyID>',
        '        <cac:TaxScheme>',
        '          <cbc:ID>VAT</cbc:ID>',
        '        </cac:TaxScheme>',
        '      </cac:PartyTaxScheme>',
        '      <cac:PartyLegalEntity>',
        '        <cbc:RegistrationName>Nordhandel Trading GmbH</cbc:RegistrationName>',
        '      </cac:PartyLegalEntity>',
        '    </cac:Party>',
        '  </cac:AccountingSupplierParty>',
        '  <cac:AccountingCustomerParty>',
        '    <cac:Party>',
        f'      <cbc:EndpointID schemeID="9930">{c["vat"]}</cbc:EndpointID>',
        '      <cac:PartyIdentification>',
        f'        <cbc:ID>{c["id"]}</cbc:ID>',
        '      </cac:PartyIdentification>',
        '      <cac:PostalAddress>',
        f'        <cbc:StreetName>{c["street"]}</cbc:StreetName>',
        f'        <cbc:CityName>{c["city"]}</cbc:CityName>',
        f'        <cbc:PostalZone>{c["zone"]}</cbc:PostalZone>',
        '        <cac:Country>',
        f'          <cbc:IdentificationCode>{c["country"]}</cbc:IdentificationCode>',
        '        </cac:Country>',
        '      </cac:PostalAddress>',
        '      <cac:PartyLegalEntity>',
        f'        <cbc:RegistrationName>{c["name"]}</cbc:RegistrationName>',
        '      </cac:PartyLegalEntity>',
        '    </cac:Party>',
        '  </cac:AccountingCustomerParty>',
        '  <cac:PaymentMeans>',
        '    <cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>',
        '    <cbc:PaymentDueDate>2026-11-30</cbc:PaymentDueDate>',
        f'    <cbc:PaymentID>{doc_id}</cbc:PaymentID>',
        '    <cac:PayeeFinancialAccount>',
        '      <cbc:ID>DE02200400600123456789</cbc:ID>',
        '    </cac:PayeeFinancialAccount>',
        '  </cac:PaymentMeans>',
        '  <cac:PaymentTerms>',
        '    <cbc:Note>60 days net</cbc:Note>',
        '  </cac:PaymentTerms>',
        '  <cac:TaxTotal>',
        '    <cbc:TaxAmount currencyID="EUR">190.00</cbc:TaxAmount>',
        '    <cac:TaxSubtotal>',
        '      <cbc:TaxableAmount currencyID="EUR">1000.00</cbc:TaxableAmount>',
        '      <cbc:TaxAmount currencyID="EUR">190.00</cbc:TaxAmount>',
        '      <cac:TaxCategory>',
        '        <cbc:ID>S</cbc:ID>',
        '        <cbc:Percent>19</cbc:Percent>',
        '        <cac:TaxScheme>',
        '          <cbc:ID>VAT</cbc:ID>',
        '        </cac:TaxScheme>',
        '      </cac:TaxCategory>',
        '    </cac:TaxSubtotal>',
        '  </cac:TaxTotal>',
        '  <cac:LegalMonetaryTotal>',
        '    <cbc:LineExtensionAmount currencyID="EUR">1000.00</cbc:LineExtensionAmount>',
        '    <cbc:TaxExclusiveAmount currencyID="EUR">1000.00</cbc:TaxExclusiveAmount>',
        '    <cbc:TaxInclusiveAmount currencyID="EUR">1190.00</cbc:TaxInclusiveAmount>',
        (f'    <cbc:PayableAmount currencyID="EUR">{payable}' if unclosed_payable else
         f'    <cbc:PayableAmount currencyID="EUR">{payable}</cbc:PayableAmount>'),
        '  </cac:LegalMonetaryTotal>',
        '  <cac:InvoiceLine>',
        '    <cbc:ID>1</cbc:ID>',
        '    <cbc:InvoicedQuantity unitCode="C62">8</cbc:InvoicedQuantity>',
        '    <cbc:LineExtensionAmount currencyID="EUR">1000.00</cbc:LineExtensionAmount>',
        '    <cac:Item>',
        '      <cbc:Name>Hydraulic pump HP-200</cbc:Name>',
        '      <cac:ClassifiedTaxCategory>',
        '        <cbc:ID>S</cbc:ID>',
        '        <cbc:Percent>19</cbc:Percent>',
        '        <cac:TaxScheme>',
        '          <cbc:ID>VAT</cbc:ID>',
        '        </cac:TaxScheme>',
        '      </cac:ClassifiedTaxCategory>',
        '    </cac:Item>',
        '    <cac:Price>',
        '      <cbc:PriceAmount currencyID="EUR">125.00</cbc:PriceAmount>',
        '    </cac:Price>',
        '  </cac:InvoiceLine>',
        '</Invoice>',
    ]
    return lines


def order_lines():
    """A well-formed UBL Order (wrong root for an invoice reader)."""
    c = BRENNER
    return [
        f'<Order xmlns="{NS_ORDER}"',
        f'       xmlns:cac="{NS_CAC}"',
        f'       xmlns:cbc="{NS_CBC}">',
        '  <cbc:CustomizationID>urn:fdc:peppol.eu:poacc:trns:order:3</cbc:CustomizationID>',
        '  <cbc:ProfileID>urn:fdc:peppol.eu:poacc:bis:order_only:3</cbc:ProfileID>',
        '  <cbc:ID>PO-2026-4711</cbc:ID>',
        '  <cbc:IssueDate>2026-09-15</cbc:IssueDate>',
        '  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>',
        '  <cac:BuyerCustomerParty>',
        '    <cac:Party>',
        '      <cac:PartyIdentification>',
        f'        <cbc:ID>{c["id"]}</cbc:ID>',
        '      </cac:PartyIdentification>',
        '      <cac:PartyLegalEntity>',
        f'        <cbc:RegistrationName>{c["name"]}</cbc:RegistrationName>',
        '      </cac:PartyLegalEntity>',
        '    </cac:Party>',
        '  </cac:BuyerCustomerParty>',
        '  <cac:SellerSupplierParty>',
        '    <cac:Party>',
        '      <cac:PartyLegalEntity>',
        '        <cbc:RegistrationName>Nordhandel Trading GmbH</cbc:RegistrationName>',
        '      </cac:PartyLegalEntity>',
        '    </cac:Party>',
        '  </cac:SellerSupplierParty>',
        '  <cac:AnticipatedMonetaryTotal>',
        '    <cbc:PayableAmount currencyID="EUR">1190.00</cbc:PayableAmount>',
        '  </cac:AnticipatedMonetaryTotal>',
        '  <cac:OrderLine>',
        '    <cac:LineItem>',
        '      <cbc:ID>1</cbc:ID>',
        '      <cbc:Quantity unitCode="C62">8</cbc:Quantity>',
        '      <cac:Item>',
        '        <cbc:Name>Hydraulic pump HP-200</cbc:Name>',
        '      </cac:Item>',
        '    </cac:LineItem>',
        '  </cac:OrderLine>',
        '</Order>',
    ]


XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>'

ATTACK_DOCTYPES = {
    # name: (doctype lines, note text or None)
    "xxe-local-file": ([
        '<!DOCTYPE Invoice [',
        '  <!ENTITY xxe SYSTEM "file:///etc/passwd">',
        ']>'], "&xxe;"),
    "xxe-canary": ([
        '<!DOCTYPE Invoice [',
        f'  <!ENTITY xxe SYSTEM "{CANARY_PATH}">',
        ']>'], "&xxe;"),
    "xxe-network": ([
        '<!DOCTYPE Invoice [',
        '  <!ENTITY xxe SYSTEM "http://127.0.0.1:9/xxe">',
        ']>'], "&xxe;"),
    "external-dtd": ([
        '<!DOCTYPE Invoice SYSTEM "http://127.0.0.1:9/evil.dtd">'], None),
    "parameter-entity": ([
        '<!DOCTYPE Invoice [',
        f'  <!ENTITY % remote SYSTEM "file://{CANARY_PATH}">',
        '  %remote;',
        ']>'], None),
    "billion-laughs": ([
        '<!DOCTYPE Invoice [',
        '  <!ENTITY lol "lol">',
        *[f'  <!ENTITY lol{i} "' + f'&lol{"" if i == 1 else i - 1};' * 10 + '">' for i in range(1, 10)],
        ']>'], "&lol9;"),
    "quadratic-blowup": ([
        '<!DOCTYPE Invoice [',
        '  <!ENTITY a "' + "a" * QUADRATIC_ENTITY_CHARS + '">',
        ']>'], "&a;" * QUADRATIC_REFERENCES),
}


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def line_of(lines, needle, start=0):
    """1-based number of the first line (after the XML declaration at line 1) containing needle."""
    for i, line in enumerate(lines[start:], start):
        if needle in line:
            return i + 2
    raise SystemExit(f"not found: {needle}")


def main():
    os.makedirs(ATTACKS, exist_ok=True)
    os.makedirs(MALFORMED, exist_ok=True)
    report = []

    for name, (doctype, note) in ATTACK_DOCTYPES.items():
        doc_id = "ATK-" + name.upper()
        lines = doctype + invoice_lines(doc_id, BRENNER, note=note)
        text = "\n".join([XML_DECL] + lines) + "\n"
        write(os.path.join(ATTACKS, name + ".xml"), text.encode("utf-8"))
        report.append(f"attacks/{name}.xml: {len(text.encode())} bytes, DOCTYPE at line 2, "
                      f"root <Invoice> at line {line_of(lines, '<Invoice ')}")

    # unclosed-tag: PayableAmount never closed; libxml2 notices at </cac:LegalMonetaryTotal>.
    lines = invoice_lines("BAD-UNCLOSED-0001", BRENNER, unclosed_payable=True)
    write(os.path.join(MALFORMED, "unclosed-tag.xml"),
          ("\n".join([XML_DECL] + lines) + "\n").encode("utf-8"))
    report.append(f"malformed/unclosed-tag.xml: PayableAmount opened at line "
                  f"{line_of(lines, '<cbc:PayableAmount')}, mismatched end tag at line "
                  f"{line_of(lines, '</cac:LegalMonetaryTotal>')}")

    # bad-encoding: declared UTF-8, the customer name "Valdés" written in Latin-1 (raw 0xE9 for é);
    # the rest of the file (the supplier's "Hafenstraße", the customer's "Alcalá") is proper UTF-8.
    lines = invoice_lines("BAD-ENCODING-0001", VALDES)
    text = "\n".join([XML_DECL] + lines) + "\n"
    data = text.encode("utf-8").replace("Valdés".encode("utf-8"), "Valdés".encode("latin-1"))
    assert data.count(b"\xe9") == 1 and data.count(b"Vald\xe9s") == 1
    write(os.path.join(MALFORMED, "bad-encoding.xml"), data)
    report.append(f"malformed/bad-encoding.xml: raw 0xE9 at line "
                  f"{line_of(lines, '<cbc:RegistrationName>Grupo Vald')}")

    # truncated: the file stops in the middle of the customer's city name, no final newline.
    lines = invoice_lines("BAD-TRUNCATED-0001", BRENNER)
    text = "\n".join([XML_DECL] + lines) + "\n"
    cut = text.index("<cbc:CityName>Augsburg") + len("<cbc:CityName>Augs")
    write(os.path.join(MALFORMED, "truncated.xml"), text[:cut].encode("utf-8"))
    report.append(f"malformed/truncated.xml: ends at line {text[:cut].count(chr(10)) + 1}")

    # wrong-root: a well-formed UBL Order.
    lines = order_lines()
    write(os.path.join(MALFORMED, "wrong-root.xml"),
          ("\n".join([XML_DECL] + lines) + "\n").encode("utf-8"))
    report.append("malformed/wrong-root.xml: root <Order> at line 2")

    # bad-amount: well-formed, PayableAmount "12,34x".
    lines = invoice_lines("BAD-AMOUNT-0001", BRENNER, payable="12,34x")
    write(os.path.join(MALFORMED, "bad-amount.xml"),
          ("\n".join([XML_DECL] + lines) + "\n").encode("utf-8"))
    report.append(f"malformed/bad-amount.xml: PayableAmount at line "
                  f"{line_of(lines, '<cbc:PayableAmount')}")

    # missing-issue-date: well-formed, no cbc:IssueDate.
    lines = invoice_lines("BAD-NODATE-0001", BRENNER, issue_date=None)
    write(os.path.join(MALFORMED, "missing-issue-date.xml"),
          ("\n".join([XML_DECL] + lines) + "\n").encode("utf-8"))
    report.append(f"malformed/missing-issue-date.xml: <Invoice> at line 2, ID at line "
                  f"{line_of(lines, '<cbc:ID>BAD')}, DueDate at line {line_of(lines, '<cbc:DueDate>')}, "
                  f"</Invoice> at line {line_of(lines, '</Invoice>')}")

    print("\n".join(report))


if __name__ == "__main__":
    sys.exit(main())
