#!/usr/bin/env bash
# check_format.sh CLANG_FORMAT TOP: the C sources are laid out as
# .clang-format says (style.md promises it). Formatting differs between
# clang-format releases, so only the release the tree was formatted with
# (14, Debian 12's) judges; another one skips (77) rather than fail on its
# own taste. tests/lint/data holds deliberately bad files and is left out.
set -euo pipefail
cf=$1 top=$2
version=$("$cf" --version | sed -n 's/.*version \([0-9]*\)\..*/\1/p')
if [ "$version" != 14 ]; then
    echo "check_format: $cf is release ${version:-unknown}, the tree is formatted with 14: skipped"
    exit 77
fi
cd "$top"
find src backends include tests bench \( -name '*.c' -o -name '*.h' -o -name '*.cpp' \) \
    -not -path 'tests/lint/data/*' -print0 | sort -z |
    xargs -0 "$cf" --dry-run -Werror --style=file
echo "check_format: every C file as .clang-format says"
