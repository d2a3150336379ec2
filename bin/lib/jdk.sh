# shellcheck shell=bash
# Finds a JDK 21 or newer and exports JAVA_HOME to it. Sourced by bin/switchboard and bin/test.
#
#   source bin/lib/jdk.sh
#   sb_require_jdk || exit 1      # JAVA_HOME now points at a JDK >= 21
#
# Looks at $JAVA_HOME first, then the java on PATH, then the usual install places. Versions are
# read from the JDK's `release` file, or by asking the java binary when that file is missing.

SB_MIN_JAVA=21

# Prints the major Java version of the JDK at $1 (8 for 1.8, 21 for 21.0.4), or nothing.
sb_java_major() {
  local home=$1 version=""
  [[ -x "$home/bin/java" ]] || return 1
  if [[ -r "$home/release" ]]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release" | head -n 1)
  fi
  if [[ -z "$version" ]]; then
    version=$("$home/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java\.specification\.version = *//p' | head -n 1)
  fi
  [[ -n "$version" ]] || return 1
  version=${version#1.}   # 1.8.0_402 -> 8.0_402
  version=${version%%[!0-9]*}
  [[ -n "$version" ]] && printf '%s\n' "$version"
}

# Succeeds when $1 is a full JDK (java and javac) of version SB_MIN_JAVA or newer.
sb_is_usable_jdk() {
  local home=$1 major
  [[ -n "$home" && -x "$home/bin/java" && -x "$home/bin/javac" ]] || return 1
  major=$(sb_java_major "$home") || return 1
  (( major >= SB_MIN_JAVA ))
}

# Lists candidate JDK homes, most preferred first, one per line.
sb_jdk_candidates() {
  local java_on_path dir
  [[ -n "${JAVA_HOME:-}" ]] && printf '%s\n' "$JAVA_HOME"
  if java_on_path=$(command -v java 2>/dev/null); then
    java_on_path=$(readlink -f "$java_on_path" 2>/dev/null || printf '%s' "$java_on_path")
    printf '%s\n' "${java_on_path%/bin/java}"
  fi
  for dir in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
             "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [[ -d "$dir" && ! -L "$dir" ]] && printf '%s\n' "$dir"
  done
  return 0
}

# Prints the home of the JDK to use: $JAVA_HOME or the java on PATH when they are new enough,
# else the newest usable JDK found in the usual places.
sb_find_jdk() {
  local home best="" best_major=0 major
  while IFS= read -r home; do
    sb_is_usable_jdk "$home" || continue
    if [[ "$home" == "${JAVA_HOME:-}" ]]; then
      printf '%s\n' "$home"
      return 0
    fi
    major=$(sb_java_major "$home")
    if (( major > best_major )); then
      best=$home
      best_major=$major
    fi
  done < <(sb_jdk_candidates)
  [[ -n "$best" ]] || return 1
  printf '%s\n' "$best"
}

# Exports JAVA_HOME to a JDK >= SB_MIN_JAVA, or explains what is missing and fails.
sb_require_jdk() {
  local home
  if home=$(sb_find_jdk); then
    export JAVA_HOME=$home
    export PATH="$JAVA_HOME/bin:$PATH"
    return 0
  fi
  {
    echo "switchboard: no JDK ${SB_MIN_JAVA} or newer found."
    if [[ -n "${JAVA_HOME:-}" ]]; then
      echo "  JAVA_HOME=$JAVA_HOME is Java $(sb_java_major "$JAVA_HOME" || echo '?') or not a full JDK (java + javac)."
    fi
    if command -v java >/dev/null 2>&1; then
      echo "  java on PATH: $(java -version 2>&1 | head -n 1)"
    fi
    echo "  Looked in: \$JAVA_HOME, PATH, /usr/lib/jvm, /opt/java, /opt/jdk*, ~/.sdkman, ~/.jdks, /Library/Java."
    echo "  Install one, for example:"
    echo "    Debian/Ubuntu:  apt-get install openjdk-21-jdk-headless"
    echo "    macOS:          brew install --cask temurin@21"
    echo "    any OS:         Eclipse Temurin 21+ from adoptium.net, or 'sdk install java 21-tem'"
    echo "  then run this again, or set JAVA_HOME to its directory."
  } >&2
  return 1
}
