package dev.switchboard.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A compiled URL pattern: literal text with {@code {name}} and {@code {name:regex}} parameters.
 *
 * @param source the pattern as written
 * @param regex the compiled regular expression, with a named group per parameter
 * @param params the parameter names, in order
 * @param shape the pattern with parameter names removed, for conflict detection
 */
record RoutePattern(String source, Pattern regex, List<String> params, String shape) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]*");

  /** Compiles {@code source}; {@code prefix} patterns match the start of a path. */
  static RoutePattern compile(String source, boolean prefix) {
    if (source == null || !source.startsWith("/")) {
      throw new IllegalArgumentException("route pattern must start with '/': '" + source + "'");
    }
    if (prefix && !source.endsWith("/")) {
      throw new IllegalArgumentException(
          "route pattern of a nested router must end with '/': '" + source + "'");
    }
    String body = prefix ? source.substring(0, source.length() - 1) : source;
    StringBuilder regex = new StringBuilder();
    StringBuilder shape = new StringBuilder();
    List<String> params = new ArrayList<>();
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (c == '}') {
        throw new IllegalArgumentException(
            "route pattern has '}' without '{' at index " + i + ": '" + source + "'");
      }
      if (c != '{') {
        int next = nextBrace(body, i);
        String literal = body.substring(i, next);
        regex.append(Pattern.quote(literal));
        shape.append(literal);
        i = next;
        continue;
      }
      int end = closingBrace(body, i, source);
      String spec = body.substring(i + 1, end);
      int colon = spec.indexOf(':');
      String name = colon < 0 ? spec : spec.substring(0, colon);
      String part = colon < 0 ? "[^/]+" : spec.substring(colon + 1);
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "route parameter name must be a letter followed by letters or digits: '"
                + name
                + "' in '"
                + source
                + "'");
      }
      if (params.contains(name)) {
        throw new IllegalArgumentException(
            "route parameter '" + name + "' appears twice in '" + source + "'");
      }
      try {
        Pattern.compile(part);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "route parameter '" + name + "' has an invalid regex '" + part + "' in '" + source + "'",
            e);
      }
      params.add(name);
      regex.append("(?<").append(name).append(">").append(part).append(")");
      shape.append('{').append(part).append('}');
      i = end + 1;
    }
    if (prefix) {
      regex.append("(?=/)"); // the nested router matches the rest, which starts with '/'
    }
    return new RoutePattern(source, Pattern.compile(regex.toString()), List.copyOf(params), shape.toString());
  }

  private static int nextBrace(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '{' || c == '}') {
        return i;
      }
    }
    return s.length();
  }

  /** Finds the '}' that closes the '{' at {@code open}, allowing braces nested in a regex. */
  private static int closingBrace(String s, int open, String source) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("route pattern has an unclosed '{': '" + source + "'");
  }
}
