# shellcheck shell=sh
# ----------------------------------------------------------------------------
# Suitkaise JDK selection, sourced by ./mvnw before the Maven wrapper runs.
#
# The build needs JDK 21 or newer. Machines often have an older default `java`
# next to a newer JDK, so this picks one instead of failing:
#
#   1. JAVA_HOME, if it points at a JDK 21+ (an explicit choice is respected);
#   2. otherwise the newest JDK 21+ found in the usual places:
#      /usr/lib/jvm/*, /usr/java/*, /opt/java/*, /opt/jdk*, ~/.sdkman/candidates/java/*,
#      ~/.jdks/*, ~/.asdf/installs/java/*, /Library/Java/JavaVirtualMachines/*/Contents/Home
#      and the `java` on PATH.
#
# It prints the choice on one line (stderr) and exports JAVA_HOME and PATH.
# With no suitable JDK it fails with one line that says what to do.
#
# Environment:
#   SK_JDK_DIRS   colon-separated directories whose children are JDK homes; replaces the
#                 default search list (used by the launcher's own tests)
#   SK_JDK_QUIET  set to true to suppress the "using JDK" line
# ----------------------------------------------------------------------------

sk_required_major=21

# Prints the feature (major) version of the JDK at $1, or nothing if $1 is not a JDK.
sk_jdk_major() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  _sk_v=""
  if [ -f "$1/release" ]; then
    _sk_v=$(sed -n 's/^JAVA_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$1/release" | head -n 1)
  fi
  if [ -z "$_sk_v" ]; then
    _sk_v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  case "$_sk_v" in
  1.*) _sk_v=${_sk_v#1.} ;;
  esac
  _sk_v=${_sk_v%%[!0-9]*}
  [ -n "$_sk_v" ] && printf '%s\n' "$_sk_v"
  return 0
}

# Prints the full version string of the JDK at $1 (for the message only).
sk_jdk_version() {
  _sk_full=""
  [ -f "$1/release" ] && _sk_full=$(sed -n 's/^JAVA_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$1/release" | head -n 1)
  [ -n "$_sk_full" ] || _sk_full=$(sk_jdk_major "$1")
  printf '%s\n' "$_sk_full"
}

sk_select_jdk() {
  _sk_restore_f=false
  case "$-" in *f*) _sk_restore_f=true; set +f ;; esac

  _sk_best="" _sk_best_major=0 _sk_looked=""
  if [ -n "${JAVA_HOME-}" ]; then
    _sk_m=$(sk_jdk_major "$JAVA_HOME")
    if [ -n "$_sk_m" ] && [ "$_sk_m" -ge "$sk_required_major" ]; then
      _sk_best=$JAVA_HOME _sk_best_major=$_sk_m
    fi
    _sk_looked="JAVA_HOME ($JAVA_HOME)"
  fi

  if [ -z "$_sk_best" ]; then
    if [ -n "${SK_JDK_DIRS-}" ]; then
      _sk_dirs=$SK_JDK_DIRS
    else
      _sk_dirs="/usr/lib/jvm:/usr/java:/opt/java:/opt:${HOME-}/.sdkman/candidates/java:${HOME-}/.jdks:${HOME-}/.asdf/installs/java:/Library/Java/JavaVirtualMachines"
    fi
    _sk_candidates=""
    _sk_oldifs=$IFS
    IFS=:
    for _sk_d in $_sk_dirs; do
      [ -d "$_sk_d" ] || continue
      _sk_looked="${_sk_looked:+$_sk_looked, }$_sk_d"
      IFS=$_sk_oldifs
      for _sk_c in "$_sk_d"/* "$_sk_d"/*/Contents/Home; do
        [ -d "$_sk_c" ] && _sk_candidates="$_sk_candidates
$_sk_c"
      done
      IFS=:
    done
    IFS=$_sk_oldifs
    if command -v java >/dev/null 2>&1; then
      _sk_path_java=$(command -v java)
      _sk_resolved=$(readlink -f "$_sk_path_java" 2>/dev/null || printf '%s' "$_sk_path_java")
      _sk_candidates="$_sk_candidates
${_sk_resolved%/bin/java}"
      _sk_looked="${_sk_looked:+$_sk_looked, }PATH ($_sk_path_java)"
    fi
    _sk_oldifs=$IFS
    IFS='
'
    for _sk_c in $_sk_candidates; do
      [ -n "$_sk_c" ] || continue
      _sk_m=$(sk_jdk_major "$_sk_c")
      [ -n "$_sk_m" ] || continue
      if [ "$_sk_m" -ge "$sk_required_major" ] && [ "$_sk_m" -gt "$_sk_best_major" ]; then
        _sk_best=$_sk_c _sk_best_major=$_sk_m
      fi
    done
    IFS=$_sk_oldifs
  fi

  [ "$_sk_restore_f" = true ] && set -f

  if [ -z "$_sk_best" ]; then
    printf '%s\n' "suitkaise: no JDK $sk_required_major or newer found (looked in: ${_sk_looked:-nothing}); install one (e.g. 'apt-get install openjdk-21-jdk', SDKMAN or adoptium.net) or set JAVA_HOME to it." >&2
    exit 1
  fi

  JAVA_HOME=$_sk_best
  PATH="$JAVA_HOME/bin:$PATH"
  export JAVA_HOME PATH
  # Maven 3.9's Guice uses sun.misc.Unsafe, which JDK 24+ warns about on every run; allow it quietly.
  if [ "$_sk_best_major" -ge 24 ]; then
    case "${MAVEN_OPTS-}" in
    *sun-misc-unsafe-memory-access*) ;;
    *) MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow${MAVEN_OPTS:+ $MAVEN_OPTS}"; export MAVEN_OPTS ;;
    esac
  fi
  if [ "${SK_JDK_QUIET-}" != true ]; then
    printf '%s\n' "suitkaise: using JDK $(sk_jdk_version "$JAVA_HOME") at $JAVA_HOME" >&2
  fi
}

sk_select_jdk
