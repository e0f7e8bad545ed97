package org.binlogload.connector.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The FE plugin loaded the PluginMgr way from a zip laid out like the assembly's (built here from the class path). */
class PluginLoaderTest {
  @TempDir
  Path work;

  @Test
  void loadsRunsAJobHandsOverAndCloses() throws Exception {
    PluginScenario.run(PluginScenario.buildZip(work), work);
  }

  @Test
  void pluginPropertiesPassTheFeChecks() throws Exception {
    Path dir = Path.of("src/main/plugin");
    var p = FeStylePluginLoader.properties(dir);
    assertThat(p.getProperty("name")).isEqualTo("binlog_load");
    assertThat(p.getProperty("type")).isEqualTo("IMPORT");
    assertThat(p.getProperty("classname")).isEqualTo(BinlogLoadPlugin.class.getName());
    assertThat(p.getProperty("java.version")).isEqualTo("17.0.0");
    assertThat(p.getProperty("soname")).isEmpty();
    assertThat(BinlogLoadPlugin.class.getConstructor()).isNotNull();
    Files.writeString(work.resolve("plugin.properties"), "name=x\ntype=IMPORT\nversion=0.10.0\nclassname=a.B\n");
    assertThatThrownBy(() -> FeStylePluginLoader.properties(work)).hasMessage("plugin version is too old");
  }

  @Test
  void showFrontendsFindsThisFeByIdentity() {
    List<Map<String, Object>> rows = List.of(
        Map.of("Name", "fe1", "Host", "10.0.0.1", "EditLogPort", "9010", "IsMaster", "false"),
        Map.of("Name", "fe2", "Host", "10.0.0.2", "EditLogPort", 9010, "IsMaster", "true"),
        Map.of("Name", "old", "IP", "10.0.0.3", "EditLogPort", "9010", "IsMaster", "true"));
    assertThat(MastershipCheck.showFrontends("10.0.0.1_9010", () -> rows).isMaster()).isFalse();
    assertThat(MastershipCheck.showFrontends("10.0.0.2_9010", () -> rows).isMaster()).isTrue();
    assertThat(MastershipCheck.showFrontends("10.0.0.3_9010", () -> rows).isMaster()).isTrue();
    assertThatThrownBy(() -> MastershipCheck.showFrontends("10.0.0.9_9010", () -> rows).isMaster())
        .hasMessage("SHOW FRONTENDS lists no FE 10.0.0.9 with edit log port 9010 (3 FEs); set master_check in "
            + "plugin.conf");
    assertThatThrownBy(() -> MastershipCheck.showFrontends("nope", () -> rows))
        .hasMessage("FE identity 'nope' is not <ip>_<edit_log_port>");
  }

  @Test
  void pluginConfIsChecked() throws Exception {
    Files.writeString(work.resolve("plugin.conf"), "doris.password = pw-123\nmaster_chek = always\n");
    assertThatThrownBy(() -> PluginConfig.load(work.resolve("plugin.conf"), "1.2.3.4_9010"))
        .hasMessageStartingWith("unknown setting 'master_chek' in plugin.conf");
    Files.writeString(work.resolve("plugin.conf"), "doris.password = pw-123\n");
    PluginConfig c = PluginConfig.load(work.resolve("plugin.conf"), "1.2.3.4_9010");
    assertThat(c.toString()).doesNotContain("pw-123");
    assertThat(c.doris().feAddresses()).containsExactly("1.2.3.4:8030");
    assertThat(c.masterCheck()).isEqualTo("show_frontends");
  }
}
