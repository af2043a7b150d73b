package dev.lrsweep.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** lrsweep's version, from the jar's Maven metadata or manifest. */
public final class Version {
    private Version() {
    }

    public static String get() {
        try (InputStream in = Version.class.getResourceAsStream("/META-INF/maven/dev.lrsweep/lrsweep/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null) {
                    return v;
                }
            }
        } catch (IOException e) {
            // fall through to the manifest
        }
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }
}
