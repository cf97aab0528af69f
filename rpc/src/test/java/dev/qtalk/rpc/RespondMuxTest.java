package dev.qtalk.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Selector routing as qtalk-go's RespondMux does it (QTALK-WIRE §3.8). */
class RespondMuxTest {
  private static final Handler A = (r, c) -> {};
  private static final Handler B = (r, c) -> {};
  private static final Handler C = (r, c) -> {};

  @Test
  void normalisesLeadingSlashAndEveryDot() {
    RespondMux mux = RespondMux.create().handle("a.b.c", A);
    assertThat(mux.match("/a/b/c")).contains(A);
    assertThat(mux.match("a.b.c")).contains(A);
    assertThat(mux.match("a/b.c")).contains(A);
    assertThat(mux.match("/a.b/c")).contains(A);
    assertThat(mux.match("a.b")).isEmpty();
  }

  @Test
  void exactMatchWinsOverPrefixes() {
    RespondMux mux = RespondMux.create().handle("svc/", A).handle("svc.op", B);
    assertThat(mux.match("svc.op")).contains(B);
    assertThat(mux.match("svc.other")).contains(A);
  }

  @Test
  void longestSlashSuffixedPrefixWins() {
    RespondMux mux = RespondMux.create().handle("a/", A).handle("a/b/", B).handle("a/b/c/", C);
    assertThat(mux.match("a.x")).contains(A);
    assertThat(mux.match("a.b.x")).contains(B);
    assertThat(mux.match("a.b.c.x")).contains(C);
    assertThat(mux.match("a.bx")).contains(A);
    assertThat(mux.match("b.x")).isEmpty();
  }

  @Test
  void aPatternWithoutTrailingSlashIsExactOnly() {
    RespondMux mux = RespondMux.create().handle("a", A);
    assertThat(mux.match("a")).contains(A);
    assertThat(mux.match("a.b")).isEmpty();
  }

  @Test
  void subMuxMatchesTheRestOfTheSelector() {
    RespondMux inner = RespondMux.create().handle("upper", A).handle("x/", B);
    RespondMux mux = RespondMux.create().handle("text", inner);
    assertThat(mux.match("text.upper")).contains(A);
    assertThat(mux.match("/text/x/y")).contains(B);
    assertThat(mux.match("text.lower")).isEmpty();
    assertThat(mux.match("upper")).isEmpty();
  }

  @Test
  void slashOrEmptyIsACatchAll() {
    RespondMux mux = RespondMux.create().handle("/", A).handle("known", B);
    assertThat(mux.match("known")).contains(B);
    assertThat(mux.match("anything.else")).contains(A);
    assertThat(mux.match("")).contains(A);
    RespondMux empty = RespondMux.create().handle("", C);
    assertThat(empty.match("x.y")).contains(C);
  }

  @Test
  void caseInsensitiveMuxMatchesAnyCase() {
    RespondMux mux = RespondMux.caseInsensitive().handle("Echo.Upper", A);
    assertThat(mux.match("echo.upper")).contains(A);
    assertThat(mux.match("ECHO/UPPER")).contains(A);
    assertThat(RespondMux.create().handle("Echo", B).match("echo")).isEmpty();
  }

  @Test
  void duplicatePatternsAreRefusedAndRemoveWorks() {
    RespondMux mux = RespondMux.create().handle("a.b", A);
    assertThatThrownBy(() -> mux.handle("/a/b", B))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/a/b");
    assertThat(mux.remove("a.b")).contains(A);
    assertThat(mux.match("a.b")).isEmpty();
    mux.handle("a.b", B);
    assertThat(mux.match("a.b")).contains(B);
  }

  @Test
  void unknownSelectorIsNotFoundInCanonicalForm() throws Exception {
    try (MemPair p = MemPair.open()) {
      Server.of(RespondMux.create().handle("x", A)).start(p.server());
      assertThatThrownBy(() -> Client.of(p.client()).call("Missing.thing", null))
          .isInstanceOf(RemoteException.class)
          .hasMessage("remote: not found: /Missing/thing");
    }
  }
}
