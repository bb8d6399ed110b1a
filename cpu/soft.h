/*
 * cpu/soft.h - the software CPU as a vmscope backend (core/backend.h).
 */
#ifndef CPU_SOFT_H
#define CPU_SOFT_H

#include "core/backend.h"

extern const struct backend_ops soft_backend_ops;

#endif /* CPU_SOFT_H */
