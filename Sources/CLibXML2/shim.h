// libxml2's streaming reader (xmlTextReader), for CreditIngest's XML inputs.
// Debian's libxml2 headers include the system's ICU, whose enums clash with Foundation's own copy of ICU:
// a Swift file that imports CLibXML2 must not import Foundation.
#include <libxml/xmlreader.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
