package org.dicompipe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** dicompipe.http.* become Camel's management server settings: the service only, -1 off, bad ports refused. */
class ManagementServerConfigTest {

    private static final LaunchOptions SERVICE = new LaunchOptions(null, null, Path.of("routes"), Path.of("config"),
            Map.of());

    @Test
    void theServiceGetsTheManagementServerOnTheConfiguredHostAndPort() {
        Properties p = props("8180", "127.0.0.1");
        Pipeline.configureManagementServer(p, SERVICE);
        assertEquals("true", p.getProperty("camel.management.enabled"));
        assertEquals("127.0.0.1", p.getProperty("camel.management.host"));
        assertEquals("8180", p.getProperty("camel.management.port"));
    }

    @Test
    void minusOneOrAJobTurnsItOff() {
        Properties off = props("-1", "127.0.0.1");
        Pipeline.configureManagementServer(off, SERVICE);
        assertEquals("false", off.getProperty("camel.management.enabled"));
        assertNull(off.getProperty("camel.management.port"));

        Properties job = props("8180", "127.0.0.1");
        Pipeline.configureManagementServer(job, new LaunchOptions("demo", null, Path.of("routes"),
                Path.of("config"), Map.of()));
        assertEquals("false", job.getProperty("camel.management.enabled"));
    }

    @Test
    void aPortThatIsNotOneIsRefusedNamingTheSetting() {
        for (String bad : new String[] {"http", "-2", "65536", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Pipeline.configureManagementServer(props(bad, "127.0.0.1"), SERVICE));
            assertTrue(e.getMessage().contains("dicompipe.http.port"), e.getMessage());
        }
    }

    private static Properties props(String port, String host) {
        Properties p = new Properties();
        p.setProperty("dicompipe.http.port", port);
        p.setProperty("dicompipe.http.host", host);
        return p;
    }
}
