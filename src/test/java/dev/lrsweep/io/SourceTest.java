package dev.lrsweep.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SourceTest {

    @Test
    @DisplayName("a file is named within the data set's directory, not at all when it is the data set, else in full")
    void aFileIsNamedWithinTheDataSetsDirectory() {
        Source dir = new Source("data.path", "data/csv");
        assertEquals("part-00000.csv", dir.name("file:///srv/sweeps/data/csv/part-00000.csv"));
        assertEquals("day=1/part-00000.csv", dir.name("file:///srv/sweeps/data/csv/day=1/part-00000.csv"));
        assertEquals("/elsewhere/x.csv", dir.name("file:///elsewhere/x.csv"));
        assertEquals("hdfs://nn/elsewhere/x.csv", dir.name("hdfs://nn/elsewhere/x.csv"));
        Source file = new Source("data.path", "/srv/sweeps/data/my file.csv");
        assertEquals("", file.name("file:///srv/sweeps/data/my%20file.csv"));
        assertEquals("", new Source("data.path", "hdfs://nn/d/x.csv").name("hdfs://nn/d/x.csv"));
        assertEquals("x.csv", new Source("data.path", "hdfs://nn/d/").name("hdfs://nn/d/x.csv"));
    }
}
