package dev.switchboard.postgres;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A result-backend URL, {@code postgresql://user:password@host:port/database?schema=s} (also
 * {@code postgres://}), turned into what JDBC needs. {@code schema} (default {@code switchboard})
 * holds the tables; other parameters go to the driver as they are ({@code sslmode=require}).
 *
 * @param jdbcUrl the JDBC URL, without credentials
 * @param user the user, or null
 * @param password the password, or null
 * @param schema the schema of the tables
 */
record PgUrl(String jdbcUrl, String user, String password, String schema) {

  static boolean isPostgres(String url) {
    return url.startsWith("postgresql://") || url.startsWith("postgres://");
  }

  /**
   * Parses {@code url}.
   *
   * @throws IllegalArgumentException naming the part and the rule it breaks
   */
  static PgUrl parse(String url) {
    if (!isPostgres(url)) {
      throw new IllegalArgumentException(
          "result backend URL must start with postgresql:// or postgres://: " + url);
    }
    URI u;
    try {
      u = URI.create(url.replaceFirst("^postgres(ql)?://", "postgresql://"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid PostgreSQL URL: " + e.getMessage(), e);
    }
    if (u.getHost() == null) {
      throw new IllegalArgumentException("PostgreSQL URL needs a host: " + url);
    }
    String user = null;
    String password = null;
    if (u.getRawUserInfo() != null) {
      String[] parts = u.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      password = parts.length > 1 ? decode(parts[1]) : null;
    }
    String db = u.getPath() == null || u.getPath().length() <= 1 ? "postgres" : u.getPath().substring(1);
    String schema = "switchboard";
    List<String> rest = new ArrayList<>();
    if (u.getRawQuery() != null) {
      for (String pair : u.getRawQuery().split("&")) {
        if (pair.startsWith("schema=")) {
          schema = decode(pair.substring(7));
        } else if (!pair.isEmpty()) {
          rest.add(pair);
        }
      }
    }
    checkSchema(schema);
    String port = u.getPort() < 0 ? "" : ":" + u.getPort();
    String jdbc = "jdbc:postgresql://" + u.getHost() + port + "/" + db
        + (rest.isEmpty() ? "" : "?" + String.join("&", rest));
    return new PgUrl(jdbc, user, password, schema);
  }

  /** Checks a schema name: it is put into SQL as an identifier. */
  static String checkSchema(String schema) {
    if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("schema must be 1 to 63 lower-case letters, digits or"
          + " '_', not starting with a digit: '" + schema + "'");
    }
    return schema;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
