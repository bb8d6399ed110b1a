/*
 * cli/trace_net.h - the network card's lines in the trace summary (text)
 * and its "net" object (JSON); nothing without a card.
 */
#ifndef CLI_TRACE_NET_H
#define CLI_TRACE_NET_H

#include <stdio.h>

#include "core/vm.h"

void trace_net_text(struct vm *vm, FILE *out);
/* Appends ,"net":{...} inside the summary object. */
void trace_net_json(struct vm *vm, FILE *out);

#endif /* CLI_TRACE_NET_H */
