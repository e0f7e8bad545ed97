package org.binlogload.connector.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The FE plugin zip that Maven built in this build (package phase), loaded the PluginMgr way. */
class PluginZipIT {
  @TempDir
  Path work;

  @Test
  void theBuiltZipLoadsRunsAJobHandsOverAndCloses() throws Exception {
    String zip = System.getProperty("binlogload.pluginZip");
    assertThat(zip).as("binlogload.pluginZip (set by failsafe in connector/pom.xml)").isNotBlank();
    assertThat(Files.isRegularFile(Path.of(zip))).as(zip).isTrue();
    PluginScenario.run(Path.of(zip), work);
  }
}
