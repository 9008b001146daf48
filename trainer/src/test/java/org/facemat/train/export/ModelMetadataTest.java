package org.facemat.train.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Map;
import org.facemat.model.ModelContract;
import org.facemat.model.file.ModelMetadata;
import org.junit.jupiter.api.Test;

class ModelMetadataTest {

    @Test
    void propertiesCoverTheContractKeysInOrder() {
        Map<String, String> p = ModelMetadata.of("facemat-skin", "1.2.0", "CelebAMask faces, 40k composites")
                .toProperties();
        assertEquals(ModelContract.REQUIRED_METADATA, new ArrayList<>(p.keySet()));
        assertEquals("facemat-skin", p.get(ModelContract.META_NAME));
        assertEquals("1.2.0", p.get(ModelContract.META_VERSION));
        assertEquals(ModelContract.COLOUR_SPACE, p.get(ModelContract.META_COLOUR));
        assertEquals(ModelContract.CONTRACT_VERSION, p.get(ModelContract.META_CONTRACT));
        assertEquals("GPL-3.0", p.get(ModelContract.META_LICENCE));
        assertTrue(p.get(ModelContract.META_ALPHA).startsWith("skin foreground"));
    }

    @Test
    void refusesEmptyFieldsAndMalformedRatios() {
        assertThrows(IllegalArgumentException.class, () -> ModelMetadata.of(" ", "1", "data"));
        ModelMetadata m = ModelMetadata.of("n", "1", "data");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.withDownsampleRatios("<=512:1.0,1280:0.4"));
        assertTrue(e.getMessage().contains("'1280:0.4'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.withDownsampleRatios("<=512:1.5"));
        assertTrue(e.getMessage().contains("not in (0, 1]"), e.getMessage());
        assertEquals(">0:0.5", m.withDownsampleRatios(">0:0.5").downsampleRatios());
    }
}
