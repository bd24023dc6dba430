// libxml2's streaming reader (xmlTextReader), for CreditIngest's XML inputs.
#include <libxml/xmlreader.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
