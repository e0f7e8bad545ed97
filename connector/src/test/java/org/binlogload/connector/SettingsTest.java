package org.binlogload.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  @Test
  void readsTrimmedValuesAndNothingFromAnAbsentFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("x.conf");
    Files.writeString(f, "# comment\n admin_port = 8440 \nempty =\n");
    Map<String, String> m = Settings.read(f);
    assertThat(m).containsEntry("admin_port", "8440").containsEntry("empty", "");
    assertThat(Settings.read(dir.resolve("absent.conf"))).isEmpty();
    assertThat(Settings.get(m, "empty", "dflt")).isEqualTo("dflt");
  }

  @Test
  void integersAreCheckedWithTheKeyInTheMessage() {
    Map<String, String> m = Map.of("a", "12", "b", "x", "c", "99999");
    assertThat(Settings.intValue(m, "a", 1, 0, 100)).isEqualTo(12);
    assertThat(Settings.intValue(m, "missing", 7, 0, 100)).isEqualTo(7);
    assertThatThrownBy(() -> Settings.intValue(m, "b", 1, 0, 100)).hasMessage("b 'x' is not an integer");
    assertThatThrownBy(() -> Settings.intValue(m, "c", 1, 0, 65535)).hasMessage("c 99999 is out of range 0..65535");
  }
}
