#!/usr/bin/env bash
# Builds samizdat sites into a temporary folder and checks every HTML page with the Nu HTML
# checker: the same check as tests/it/validity.rs, for any site (a generated benchmark corpus
# reaches templates the example site does not: pagination, many pickets, long tag lists).
#
#   scripts/validate-html.sh [SITE_DIR...]      default: example-site (and content/ if it is a site)
#
# Needs java (17+) and vnu.jar: VNU_JAR=/path/to/vnu.jar, or the copy `.ci/run` installs under
# /opt/samizdat-ci/. Prints the checker's errors; exits 1 when there are any.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

if [ -z "${VNU_JAR:-}" ]; then
    for j in /opt/samizdat-ci/vnu-jar-*/node_modules/vnu-jar/build/dist/vnu.jar \
        "$repo"/target/ci-tools/vnu-jar-*/node_modules/vnu-jar/build/dist/vnu.jar; do
        [ -f "$j" ] && VNU_JAR=$j
    done
fi
if [ -z "${VNU_JAR:-}" ] || [ ! -f "$VNU_JAR" ]; then
    echo "validate-html: no vnu.jar: set VNU_JAR, or run .ci/run once (it installs one)" >&2
    exit 2
fi
command -v java >/dev/null || {
    echo "validate-html: java is missing (apt-get install default-jre-headless)" >&2
    exit 2
}

sites=("$@")
if [ ${#sites[@]} -eq 0 ]; then
    sites=("$repo/example-site")
    [ -f "$repo/content/site.yaml" ] && sites+=("$repo/content")
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "==> cargo build --release" >&2
(cd "$repo" && cargo build --release --quiet)
target=$(cd "$repo" && cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
# A private copy: a CARGO_TARGET_DIR shared with other checkouts may be rebuilt meanwhile.
exe=$out/.samizdat
cp "$target/release/samizdat" "$exe"
for site in "${sites[@]}"; do
    name=$(basename "$(cd "$site" && pwd)")
    echo "==> samizdat build --root $site" >&2
    SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1790000000} "$exe" build --root "$site" -o "$out/$name"
done

echo "==> vnu.jar $(java -jar "$VNU_JAR" --version) on $(find "$out" -name '*.html' | wc -l) HTML files" >&2
status=0
java -jar "$VNU_JAR" --errors-only --format gnu --skip-non-html "$out" 2>&1 |
    sed "s#file:$out/##; s#$out/##" || status=$?
if [ "$status" -eq 0 ]; then
    echo "==> no errors" >&2
fi
exit "$status"
