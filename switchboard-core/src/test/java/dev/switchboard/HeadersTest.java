package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HeadersTest {
  @Test
  void namesCompareCaseInsensitivelyAndValuesKeepTheirOrder() {
    Headers h =
        Headers.builder()
            .add("Cookie", "a=1")
            .add("Host", "example")
            .add("COOKIE", "b=2")
            .build();
    assertThat(h.first("cookie")).isEqualTo("a=1");
    assertThat(h.all("Cookie")).containsExactly("a=1", "b=2");
    assertThat(h.names()).containsExactly("cookie", "host");
    assertThat(h.first("missing")).isNull();
    assertThat(h.all("missing")).isEmpty();
    assertThat(h.contains("HOST")).isTrue();
  }

  @Test
  void setReplacesAndEqualityFollowsContent() {
    Headers a = Headers.of("X-A", "1", "x-b", "2").toBuilder().set("x-a", "3").build();
    assertThat(a.all("x-a")).containsExactly("3");
    assertThat(a).isEqualTo(Headers.of("x-b", "2", "x-a", "3")); // a replaced name moves last
    assertThat(Headers.of("a", "1", "b", "2")).isEqualTo(Headers.of("A", "1", "B", "2"));
    assertThat(Headers.of("a", "1")).isNotEqualTo(Headers.of("a", "2"));
    assertThat(Headers.builder().build()).isSameAs(Headers.EMPTY);
  }

  @Test
  void badArgumentsNameTheRule() {
    assertThatThrownBy(() -> Headers.of("a")).hasMessageContaining("odd length");
    assertThatThrownBy(() -> Headers.builder().add("", "x")).hasMessageContaining("must not be empty");
  }
}
