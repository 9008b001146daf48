/*
 * FaceMat post: names shared by the plugin shim and the Java side (org.facemat.ofx.OfxNames for the clip and
 * parameter names, org.facemat.ofx.OfxBridge for the action codes, org.facemat.ofx.OutputMode for the choice order).
 * OfxNamesHeaderTest reads this file and fails when the two sides differ.
 */
#ifndef FACEMAT_PARAMS_H
#define FACEMAT_PARAMS_H

#define FM_PLUGIN_ID "org.facemat.FaceMat"
#define FM_PLUGIN_VERSION_MAJOR 0
#define FM_PLUGIN_VERSION_MINOR 1

#define FM_CLIP_SOURCE "Source"
#define FM_CLIP_OUTPUT "Output"
#define FM_CLIP_MASK "Mask"

#define FM_PARAM_OUTPUT_MODE "outputMode"
#define FM_PARAM_INVERT "invert"
#define FM_PARAM_AUTO_RATIO "autoRatio"
#define FM_PARAM_RATIO "downsampleRatio"
#define FM_PARAM_DEVICE "device"
#define FM_PARAM_MODEL_FILE "modelFile"
#define FM_PARAM_PREROLL "preroll"
#define FM_PARAM_FACES "trackFaces"
#define FM_PARAM_COLOR_SPACE "colorSpace"
#define FM_PARAM_FRAME_RATE "frameRate"

/* output mode choice indices; ALPHA_ONLY is offered only when the host takes Alpha images */
#define FM_MODE_MATTE_IN_ALPHA 0
#define FM_MODE_UNCERTAINTY 1
#define FM_MODE_ALPHA_ONLY 2

#define FM_DEFAULT_PREROLL 8
#define FM_MAX_PREROLL 100
/* width in pixels of the stripes a failed frame is filled with */
#define FM_FAILED_STRIPE 16

/* input colour-space choice indices: the order of org.facemat.media.ColorSpace (the command line's --colorspace) */
#define FM_COLOR_AUTO 0
#define FM_COLOR_SRGB 1
#define FM_COLOR_LINEAR 2
#define FM_COLOR_ACESCG 3
#define FM_COLOR_LOGC3 4
#define FM_COLOR_SLOG3 5

/* actions forwarded to the Java side */
enum {
    FM_BRIDGE_CREATE_INSTANCE = 1,
    FM_BRIDGE_DESTROY_INSTANCE = 2,
    FM_BRIDGE_RENDER = 3,
    FM_BRIDGE_BEGIN_SEQUENCE = 4,
    FM_BRIDGE_END_SEQUENCE = 5,
    FM_BRIDGE_INSTANCE_CHANGED = 6,
    FM_BRIDGE_PURGE_CACHES = 7
};

#endif
