#pragma once
#include <sqlite3.h>

// Extended result codes are macros built with `|` and `<<`, which Swift does not import.
static const int GATEHOUSE_SQLITE_CONSTRAINT_UNIQUE = SQLITE_CONSTRAINT_UNIQUE;
static const int GATEHOUSE_SQLITE_CONSTRAINT_PRIMARYKEY = SQLITE_CONSTRAINT_PRIMARYKEY;
