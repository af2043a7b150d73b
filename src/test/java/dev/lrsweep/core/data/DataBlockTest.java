package dev.lrsweep.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataBlockTest {

    @ParameterizedTest(name = "float32 {0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("touching rows reads one value per cache line of each row, the last row to its end, and changes nothing")
    void touchingRowsReadsEachCacheLineAndChangesNothing(boolean float32) {
        int rows = 5;
        int d = 21;
        double[] x = new double[rows * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1.0;
        }
        DataBlock block = DataBlock.of(rows, d, x, new double[rows], float32);
        int stride = float32 ? 16 : 8;
        int perRow = (d + stride - 1) / stride + 1;
        int[] order = {4, 0, 2};
        assertEquals(2.0 * perRow, block.touchRows(order, 1, 2));
        assertEquals(3.0 * perRow, block.touchRows(null, 2, 3));
        double[] row = new double[d];
        block.copyRow(4, row, 0);
        double[] ones = new double[d];
        java.util.Arrays.fill(ones, 1.0);
        assertArrayEquals(ones, row);
    }
}
