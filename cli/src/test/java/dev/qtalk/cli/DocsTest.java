package dev.qtalk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Checks the code on every page of docs/ and in the README: each java block is a snippet of a test
 * source that runs (DocsExamplesTest), word for word; each qtalk command line parses; each build
 * snippet names this project's coordinates; each relative link leads to a file.
 */
class DocsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern FENCE = Pattern.compile("(?ms)^(<!-- snippet: ([\\w-]+) -->\\n)?```(\\w*)\\n(.*?)^```$");
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");
  /** The user-goal pages this test holds to its rules; other pages are checked by their authors' tests. */
  private static final List<String> PAGES = List.of("getting-started.md", "choosing-a-transport.md",
      "rpc-over-quic.md", "certify.md", "interop.md", "transports.md", "security.md", "troubleshooting.md");

  static List<Path> pages() {
    List<Path> pages = new ArrayList<>();
    pages.add(ROOT.resolve("README.md"));
    PAGES.forEach(p -> pages.add(ROOT.resolve("docs").resolve(p)));
    return pages;
  }

  /** README.md gathers sections from several modules: there only marked java blocks are checked here. */
  private static boolean mustBeSnippet(Path page) {
    return !page.getFileName().toString().equals("README.md");
  }

  static Map<String, String> snippets() throws IOException {
    Map<String, String> found = new HashMap<>();
    Pattern region = Pattern.compile("(?ms)^([ \\t]*)// snippet: ([\\w-]+)\\n(.*?)^[ \\t]*// end snippet$");
    try (Stream<Path> sources = Files.walk(ROOT.resolve("cli/src/test/java"))) {
      for (Path f : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = region.matcher(Files.readString(f));
        while (m.find()) {
          String indent = m.group(1);
          StringBuilder b = new StringBuilder();
          for (String line : m.group(3).split("\n", -1)) {
            b.append(line.startsWith(indent) ? line.substring(indent.length()) : line.strip()).append('\n');
          }
          found.put(m.group(2), b.toString().stripTrailing() + "\n");
        }
      }
    }
    return found;
  }

  @Test
  void theDocsPagesExistAndTheReadmeLinksThem() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    for (String page : PAGES) {
      assertThat(ROOT.resolve("docs").resolve(page)).exists();
      assertThat(readme).contains("(docs/" + page + ")");
    }
  }

  @Test
  void everyJavaBlockIsARunSnippetWordForWord() throws IOException {
    Map<String, String> snippets = snippets();
    int checked = 0;
    for (Path page : pages()) {
      Matcher m = FENCE.matcher(Files.readString(page));
      while (m.find()) {
        if (!m.group(3).equals("java")) {
          continue;
        }
        String name = m.group(2);
        if (name == null && !mustBeSnippet(page)) {
          continue;
        }
        assertThat(name).as(page + ": a java block without <!-- snippet: NAME --> before it:\n" + m.group(4)).isNotNull();
        assertThat(snippets).as(page + ": snippet " + name).containsKey(name);
        assertThat(m.group(4)).as(page + ": snippet " + name + " differs from the test source").isEqualTo(snippets.get(name));
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(3);
  }

  @Test
  void everyQtalkCommandLineParses() throws IOException {
    int checked = 0;
    for (Path page : pages()) {
      Matcher m = FENCE.matcher(Files.readString(page));
      while (m.find()) {
        if (!List.of("sh", "shell", "bash", "").contains(m.group(3))) {
          continue;
        }
        for (String line : m.group(4).split("\n")) {
          String cmd = line.strip();
          int pipe = cmd.lastIndexOf("| ");
          if (pipe >= 0) {
            cmd = cmd.substring(pipe + 2).strip();
          }
          int comment = cmd.indexOf("  #");
          if (comment >= 0) {
            cmd = cmd.substring(0, comment).strip();
          }
          if (!(cmd.startsWith("qtalk ") || cmd.startsWith("./qtalk ") || cmd.equals("./qtalk"))) {
            continue;
          }
          List<String> words = words(cmd);
          words.remove(0);
          String[] args = words.toArray(String[]::new);
          try {
            Main.commandLine().parseArgs(args);
          } catch (picocli.CommandLine.ParameterException e) {
            throw new AssertionError(page + ": `" + line.strip() + "` does not parse: " + e.getMessage(), e);
          }
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(10);
  }

  @Test
  void buildSnippetsNameThisProjectsCoordinates() throws Exception {
    String version = Files.readString(ROOT.resolve("pom.xml")).replaceAll("(?s).*?<artifactId>qtalk-parent</artifactId>\\s*<version>([^<]+)</version>.*", "$1");
    int checked = 0;
    for (Path page : pages()) {
      Matcher m = FENCE.matcher(Files.readString(page));
      while (m.find()) {
        String lang = m.group(3);
        String code = m.group(4);
        if (lang.equals("xml")) {
          assertThat(count(code, "<dependency>")).as(page + ": balanced <dependency> tags").isEqualTo(count(code, "</dependency>"));
          assertThat(code).as(page + " xml").contains("<groupId>dev.qtalk</groupId>").contains("<version>" + version + "</version>");
          checked++;
        } else if (lang.equals("kotlin") || lang.equals("groovy")) {
          assertThat(code).as(page + " gradle").contains("dev.qtalk:qtalk-bom:" + version);
          checked++;
        }
        for (Matcher a = Pattern.compile("qtalk-[a-z-]+").matcher(lang.equals("xml") || lang.equals("kotlin") ? code : ""); a.find(); ) {
          String artifact = a.group();
          assertThat(Files.readString(ROOT.resolve("bom/pom.xml")).contains("<artifactId>" + artifact + "</artifactId>")
              || artifact.equals("qtalk-bom")).as(page + ": " + artifact + " is in the BOM").isTrue();
        }
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(2);
  }

  @Test
  void relativeLinksLeadToFiles() throws IOException {
    for (Path page : pages()) {
      Matcher m = LINK.matcher(Files.readString(page));
      while (m.find()) {
        String target = m.group(1);
        if (target.contains("://") || target.startsWith("mailto:")) {
          continue;
        }
        assertThat(page.getParent().resolve(target).normalize()).as(page + " links " + target).exists();
      }
    }
  }

  private static int count(String s, String part) {
    return s.split(Pattern.quote(part), -1).length - 1;
  }

  /** Splits a shell command line into words, honouring single and double quotes. */
  static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
          w.append(line.charAt(++i));
        } else {
          w.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(w.toString());
          w.setLength(0);
          inWord = false;
        }
      } else {
        w.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(w.toString());
    }
    return words;
  }
}
