package org.facemat.ofx;

/**
 * OpenFX property and value names the Java side reads (from the OpenFX specification), and the plug-in's own clip
 * and parameter names (kept in step with plugin/native/facemat_params.h).
 */
final class OfxNames {
    static final String NAME = "OfxPropName";
    static final String TYPE = "OfxPropType";
    static final String TIME = "OfxPropTime";
    static final String CHANGE_REASON = "OfxPropChangeReason";
    static final String TEMPORAL_CLIP_ACCESS = "OfxImageEffectPropTemporalClipAccess";
    static final String CONTEXT = "OfxImageEffectPropContext";
    static final String FRAME_RANGE = "OfxImageEffectPropFrameRange";
    static final String RENDER_SCALE = "OfxImageEffectPropRenderScale";
    static final String RENDER_WINDOW = "OfxImageEffectPropRenderWindow";
    static final String INTERACTIVE_RENDER_STATUS = "OfxImageEffectPropInteractiveRenderStatus";
    static final String SEQUENTIAL_RENDER_STATUS = "OfxImageEffectPropSequentialRenderStatus";
    static final String IS_INTERACTIVE = "OfxPropIsInteractive";
    static final String PIXEL_DEPTH = "OfxImageEffectPropPixelDepth";
    static final String COMPONENTS = "OfxImageEffectPropComponents";
    static final String CLIP_CONNECTED = "OfxImageClipPropConnected";
    static final String IMAGE_DATA = "OfxImagePropData";
    static final String IMAGE_BOUNDS = "OfxImagePropBounds";
    static final String IMAGE_ROW_BYTES = "OfxImagePropRowBytes";

    static final String TYPE_PARAMETER = "OfxTypeParameter";
    static final String TYPE_CLIP = "OfxTypeClip";
    static final String DEPTH_BYTE = "OfxBitDepthByte";
    static final String DEPTH_SHORT = "OfxBitDepthShort";
    static final String DEPTH_FLOAT = "OfxBitDepthFloat";
    static final String COMPONENT_RGBA = "OfxImageComponentRGBA";
    static final String COMPONENT_RGB = "OfxImageComponentRGB";
    static final String COMPONENT_ALPHA = "OfxImageComponentAlpha";

    static final String CLIP_SOURCE = "Source";
    static final String CLIP_OUTPUT = "Output";
    static final String CLIP_MASK = "Mask";

    static final String PARAM_OUTPUT_MODE = "outputMode";
    static final String PARAM_INVERT = "invert";
    static final String PARAM_AUTO_RATIO = "autoRatio";
    static final String PARAM_RATIO = "downsampleRatio";
    static final String PARAM_DEVICE = "device";
    static final String PARAM_MODEL_FILE = "modelFile";
    static final String PARAM_PREROLL = "preroll";
    static final String PARAM_FACES = "trackFaces";
    static final String PARAM_COLOR_SPACE = "colorSpace";
    static final String PARAM_FRAME_RATE = "frameRate";
    /** Width in pixels of the stripes a failed frame's output is filled with (by the shim). */
    static final int FAILED_STRIPE = 16;
    static final String FRAME_RATE = "OfxImageEffectPropFrameRate";

    private OfxNames() {
    }
}
