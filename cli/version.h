/*
 * cli/version.h - vmscope's version, as `vmscope --version` prints it
 * and the man page (docs/vmscope.1) gives it; tests/integration/
 * test_cli_conventions.sh checks that the two agree.
 */
#ifndef CLI_VERSION_H
#define CLI_VERSION_H

#define VMSCOPE_VERSION "0.1.0"

#endif /* CLI_VERSION_H */
