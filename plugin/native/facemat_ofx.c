/*
 * FaceMat post: the OpenFX entry points. Load, Describe, DescribeInContext, clip preferences, regions of interest and
 * frames needed are answered here in C so that hosts scanning plug-ins never start a Java runtime; instance
 * creation and rendering go to the Java node through jvm_bridge.c.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "ofx_api.h"
#include "facemat_params.h"
#include "jvm_bridge.h"

#define EXPORTED __attribute__((visibility("default")))

static OfxHost *g_host;
static const OfxPropertySuiteV1 *g_props;
static const OfxImageEffectSuiteV1 *g_effects;
static const OfxParameterSuiteV1 *g_params;
static const OfxMessageSuiteV1 *g_messages;

/* what the host told us at Describe time */
static int g_host_takes_alpha;
static int g_host_temporal_access;
static int g_host_is_mlt;

static OfxStatus main_entry(const char *action, const void *handle, OfxPropertySetHandle in, OfxPropertySetHandle out);

static void set_host(OfxHost *host) {
    g_host = host;
}

static OfxPlugin g_plugin = {
    FM_OFX_IMAGE_EFFECT_API, 1, FM_PLUGIN_ID, FM_PLUGIN_VERSION_MAJOR, FM_PLUGIN_VERSION_MINOR, set_host, main_entry
};

EXPORTED int OfxGetNumberOfPlugins(void) {
    return 1;
}

EXPORTED OfxPlugin *OfxGetPlugin(int nth) {
    return nth == 0 ? &g_plugin : NULL;
}

/* optional since OpenFX 1.5; hosts look for it with dlsym before calling OfxGetPlugin */
EXPORTED OfxStatus OfxSetHost(const OfxHost *host) {
    g_host = (OfxHost *) host;
    return FM_OFX_OK;
}

void fm_post_error(const void *handle, const char *text) {
    fprintf(stderr, "FaceMat: %s\n", text);
    if (g_messages != NULL && g_messages->message != NULL) {
        /* the text as the format, '%' doubled, no variadic arguments (not every host passes them on) */
        char format[4200];
        size_t n = 0;
        for (const char *c = text; *c != '\0' && n + 2 < sizeof format; c++) {
            if (*c == '%') {
                format[n++] = '%';
            }
            format[n++] = *c;
        }
        format[n] = '\0';
        g_messages->message((void *) handle, FM_MESSAGE_ERROR, FM_PLUGIN_ID ".error", format);
    }
}

static int host_supports_string(const char *prop, const char *value) {
    int n = 0;
    if (g_props->propGetDimension(g_host->host, prop, &n) != FM_OFX_OK) {
        return 0;
    }
    for (int i = 0; i < n; i++) {
        char *v = NULL;
        if (g_props->propGetString(g_host->host, prop, i, &v) == FM_OFX_OK && v != NULL && strcmp(v, value) == 0) {
            return 1;
        }
    }
    return 0;
}

static OfxStatus on_load(void) {
    if (g_host == NULL || g_host->fetchSuite == NULL) {
        return FM_OFX_ERR_MISSING_HOST_FEATURE;
    }
    g_props = g_host->fetchSuite(g_host->host, FM_OFX_PROPERTY_SUITE, 1);
    g_effects = g_host->fetchSuite(g_host->host, FM_OFX_IMAGE_EFFECT_SUITE, 1);
    g_params = g_host->fetchSuite(g_host->host, FM_OFX_PARAMETER_SUITE, 1);
    g_messages = g_host->fetchSuite(g_host->host, FM_OFX_MESSAGE_SUITE, 1);
    if (g_props == NULL || g_effects == NULL || g_params == NULL) {
        return FM_OFX_ERR_MISSING_HOST_FEATURE;
    }
    return FM_OFX_OK;
}

static void read_host_capabilities(void) {
    g_host_takes_alpha = host_supports_string(FM_IE_PROP_SUPPORTED_COMPONENTS, FM_COMPONENT_ALPHA);
    int temporal = 0;
    if (g_props->propGetInt(g_host->host, FM_IE_PROP_TEMPORAL_CLIP_ACCESS, 0, &temporal) != FM_OFX_OK) {
        temporal = 0;
    }
    g_host_temporal_access = temporal;
    char *name = NULL;
    g_host_is_mlt = g_props->propGetString(g_host->host, FM_PROP_NAME, 0, &name) == FM_OFX_OK && name != NULL
            && strncmp(name, "MLT", 3) == 0;
}

static OfxStatus on_describe(OfxImageEffectHandle effect) {
    OfxPropertySetHandle p;
    if (g_effects->getPropertySet(effect, &p) != FM_OFX_OK) {
        return FM_OFX_ERR_BAD_HANDLE;
    }
    read_host_capabilities();
    g_props->propSetString(p, FM_PROP_LABEL, 0, "FaceMat");
    g_props->propSetString(p, FM_IE_PLUGIN_PROP_GROUPING, 0, "Keyer");
    g_props->propSetString(p, FM_PROP_PLUGIN_DESCRIPTION, 0,
            "Face matte (alpha = 1 on facial skin) and its uncertainty, from the FaceMat recurrent network.");
    g_props->propSetString(p, FM_IE_PROP_SUPPORTED_CONTEXTS, 0, FM_CONTEXT_FILTER);
    g_props->propSetString(p, FM_IE_PROP_SUPPORTED_CONTEXTS, 1, FM_CONTEXT_GENERAL);
    g_props->propSetString(p, FM_IE_PROP_SUPPORTED_PIXEL_DEPTHS, 0, FM_BIT_DEPTH_FLOAT);
    g_props->propSetString(p, FM_IE_PROP_SUPPORTED_PIXEL_DEPTHS, 1, FM_BIT_DEPTH_SHORT);
    g_props->propSetString(p, FM_IE_PROP_SUPPORTED_PIXEL_DEPTHS, 2, FM_BIT_DEPTH_BYTE);
    g_props->propSetInt(p, FM_IE_PLUGIN_PROP_SINGLE_INSTANCE, 0, 0);
    g_props->propSetInt(p, FM_IE_PLUGIN_PROP_HOST_FRAME_THREADING, 0, 0);
    g_props->propSetInt(p, FM_IE_PROP_SUPPORTS_TILES, 0, 0);
    g_props->propSetInt(p, FM_IE_PROP_SUPPORTS_MULTI_RESOLUTION, 0, 1);
    g_props->propSetInt(p, FM_IE_PROP_SUPPORTS_MULTIPLE_CLIP_DEPTHS, 0, 0);
    g_props->propSetInt(p, FM_IE_PROP_TEMPORAL_CLIP_ACCESS, 0, 1);
    g_props->propSetInt(p, FM_IE_PLUGIN_PROP_FIELD_RENDER_TWICE_ALWAYS, 0, 0);
    /* order preferred, results stay correct in any order (the state is rebuilt on a jump) */
    g_props->propSetInt(p, FM_IE_INSTANCE_PROP_SEQUENTIAL_RENDER, 0, 2);
    /* MLT makes a new instance per frame unless the plug-in is Unsafe; the state would never carry there */
    g_props->propSetString(p, FM_IE_PLUGIN_RENDER_THREAD_SAFETY, 0,
            g_host_is_mlt ? FM_RENDER_UNSAFE : FM_RENDER_INSTANCE_SAFE);
    g_props->propSetString(p, FM_IE_PROP_CLIP_PREFERENCES_SLAVE_PARAM, 0, FM_PARAM_OUTPUT_MODE);
    return FM_OFX_OK;
}

static OfxPropertySetHandle define_param(OfxParamSetHandle params, const char *type, const char *name,
                                         const char *label, const char *hint) {
    OfxPropertySetHandle p = NULL;
    if (g_params->paramDefine(params, type, name, &p) != FM_OFX_OK || p == NULL) {
        return NULL;
    }
    g_props->propSetString(p, FM_PROP_LABEL, 0, label);
    g_props->propSetString(p, FM_PARAM_PROP_HINT, 0, hint);
    return p;
}

static OfxStatus define_clips(OfxImageEffectHandle effect, int general) {
    OfxPropertySetHandle c;
    if (g_effects->clipDefine(effect, FM_CLIP_SOURCE, &c) != FM_OFX_OK) {
        return FM_OFX_ERR_UNKNOWN;
    }
    g_props->propSetString(c, FM_IE_PROP_SUPPORTED_COMPONENTS, 0, FM_COMPONENT_RGBA);
    g_props->propSetString(c, FM_IE_PROP_SUPPORTED_COMPONENTS, 1, FM_COMPONENT_RGB);
    g_props->propSetInt(c, FM_IE_PROP_TEMPORAL_CLIP_ACCESS, 0, 1);
    g_props->propSetInt(c, FM_IE_PROP_SUPPORTS_TILES, 0, 0);
    g_props->propSetInt(c, FM_CLIP_PROP_OPTIONAL, 0, 0);

    if (g_effects->clipDefine(effect, FM_CLIP_OUTPUT, &c) != FM_OFX_OK) {
        return FM_OFX_ERR_UNKNOWN;
    }
    g_props->propSetString(c, FM_IE_PROP_SUPPORTED_COMPONENTS, 0, FM_COMPONENT_RGBA);
    if (g_host_takes_alpha) {
        g_props->propSetString(c, FM_IE_PROP_SUPPORTED_COMPONENTS, 1, FM_COMPONENT_ALPHA);
    }
    g_props->propSetInt(c, FM_IE_PROP_SUPPORTS_TILES, 0, 0);

    if (general) {
        if (g_effects->clipDefine(effect, FM_CLIP_MASK, &c) != FM_OFX_OK) {
            return FM_OFX_ERR_UNKNOWN;
        }
        g_props->propSetString(c, FM_IE_PROP_SUPPORTED_COMPONENTS, 0, FM_COMPONENT_ALPHA);
        g_props->propSetString(c, FM_IE_PROP_SUPPORTED_COMPONENTS, 1, FM_COMPONENT_RGBA);
        g_props->propSetInt(c, FM_IE_PROP_TEMPORAL_CLIP_ACCESS, 0, 0);
        g_props->propSetInt(c, FM_IE_PROP_SUPPORTS_TILES, 0, 0);
        g_props->propSetInt(c, FM_CLIP_PROP_OPTIONAL, 0, 1);
        g_props->propSetInt(c, FM_CLIP_PROP_IS_MASK, 0, 1);
    }
    return FM_OFX_OK;
}

static OfxStatus define_params(OfxImageEffectHandle effect) {
    OfxParamSetHandle params;
    if (g_effects->getParamSet(effect, &params) != FM_OFX_OK) {
        return FM_OFX_ERR_BAD_HANDLE;
    }
    OfxPropertySetHandle p = define_param(params, FM_PARAM_TYPE_CHOICE, FM_PARAM_OUTPUT_MODE, "Output",
            "Matte in alpha: RGB is the source, A the face matte (straight). Uncertainty: the network's standard "
            "deviation of alpha as a grey image. Matte only: a one-channel alpha image.");
    if (p == NULL) {
        return FM_OFX_ERR_UNKNOWN;
    }
    g_props->propSetString(p, FM_PARAM_PROP_CHOICE_OPTION, FM_MODE_MATTE_IN_ALPHA, "Matte in alpha (RGB = source)");
    g_props->propSetString(p, FM_PARAM_PROP_CHOICE_OPTION, FM_MODE_UNCERTAINTY, "Uncertainty (grey)");
    if (g_host_takes_alpha) {
        g_props->propSetString(p, FM_PARAM_PROP_CHOICE_OPTION, FM_MODE_ALPHA_ONLY, "Matte only (Alpha)");
    }
    g_props->propSetInt(p, FM_PARAM_PROP_DEFAULT, 0, FM_MODE_MATTE_IN_ALPHA);
    g_props->propSetInt(p, FM_PARAM_PROP_ANIMATES, 0, 0);

    p = define_param(params, FM_PARAM_TYPE_BOOLEAN, FM_PARAM_INVERT, "Invert", "Alpha = 1 - matte.");
    if (p == NULL) {
        return FM_OFX_ERR_UNKNOWN;
    }
    g_props->propSetInt(p, FM_PARAM_PROP_DEFAULT, 0, 0);

    p = define_param(params, FM_PARAM_TYPE_BOOLEAN, FM_PARAM_AUTO_RATIO, "Automatic downsample ratio",
            "Use the model's recommended downsample ratio for the frame size.");
    if (p == NULL) {
        return FM_OFX_ERR_UNKNOWN;
    }
    g_props->propSetInt(p, FM_PARAM_PROP_DEFAULT, 0, 1);
    g_props->propSetInt(p, FM_PARAM_PROP_ANIMATES, 0, 0);

    p = define_param(params, FM_PARAM_TYPE_DOUBLE, FM_PARAM_RATIO, "Downsample ratio",
            "The network's working image is this fraction of the frame (used when the automatic ratio is off).");
    if (p == NULL) {
        return FM_OFX_ERR_UNKNOWN;
    }
    g_props->propSetDouble(p, FM_PARAM_PROP_DEFAULT, 0, 0.25);
    /* Resolve clamps to (-1, 1) unless both ranges are set */
    g_props->propSetDouble(p, FM_PARAM_PROP_MIN, 0, 0.05);
    g_props->propSetDouble(p, FM_PARAM_PROP_MAX, 0, 1.0);
    g_props->propSetDouble(p, FM_PARAM_PROP_DISPLAY_MIN, 0, 0.05);
    g_props->propSetDouble(p, FM_PARAM_PROP_DISPLAY_MAX, 0, 1.0);
    g_props->propSetInt(p, FM_PARAM_PROP_ANIMATES, 0, 0);

    p = define_param(params, FM_PARAM_TYPE_CHOICE, FM_PARAM_DEVICE, "Device",
            "Where the network runs. Auto tries TensorRT, then CUDA, then the CPU.");
    if (p == NULL) {
        return FM_OFX_ERR_UNKNOWN;
    }
    g_props->propSetString(p, FM_PARAM_PROP_CHOICE_OPTION, 0, "Auto");
    g_props->propSetString(p, FM_PARAM_PROP_CHOICE_OPTION, 1, "CPU");
    g_props->propSetString(p, FM_PARAM_PROP_CHOICE_OPTION, 2, "CUDA");
    g_props->propSetString(p, FM_PARAM_PROP_CHOICE_OPTION, 3, "TensorRT");
    g_props->propSetInt(p, FM_PARAM_PROP_DEFAULT, 0, 0);
    g_props->propSetInt(p, FM_PARAM_PROP_ANIMATES, 0, 0);

    p = define_param(params, FM_PARAM_TYPE_STRING, FM_PARAM_MODEL_FILE, "Model file",
            "A FaceMat ONNX model file; empty: the model shipped with the plug-in.");
    if (p == NULL) {
        return FM_OFX_ERR_UNKNOWN;
    }
    g_props->propSetString(p, FM_PARAM_PROP_STRING_MODE, 0, FM_PARAM_STRING_IS_FILE_PATH);
    g_props->propSetInt(p, FM_PARAM_PROP_STRING_FILE_PATH_EXISTS, 0, 1);
    g_props->propSetString(p, FM_PARAM_PROP_DEFAULT, 0, "");
    g_props->propSetInt(p, FM_PARAM_PROP_ANIMATES, 0, 0);

    p = define_param(params, FM_PARAM_TYPE_INTEGER, FM_PARAM_PREROLL, "Pre-roll frames",
            "After a jump (scrub, out-of-order or chunked render) this many previous frames run through the network "
            "first to rebuild its recurrent state, when the host gives access to other frames.");
    if (p == NULL) {
        return FM_OFX_ERR_UNKNOWN;
    }
    g_props->propSetInt(p, FM_PARAM_PROP_DEFAULT, 0, FM_DEFAULT_PREROLL);
    g_props->propSetInt(p, FM_PARAM_PROP_MIN, 0, 0);
    /* the range shown is the range taken (hosts show the display range as the slider's and MLT as the maximum) */
    g_props->propSetInt(p, FM_PARAM_PROP_MAX, 0, FM_MAX_PREROLL);
    g_props->propSetInt(p, FM_PARAM_PROP_DISPLAY_MIN, 0, 0);
    g_props->propSetInt(p, FM_PARAM_PROP_DISPLAY_MAX, 0, FM_MAX_PREROLL);
    g_props->propSetInt(p, FM_PARAM_PROP_ANIMATES, 0, 0);

    p = define_param(params, FM_PARAM_TYPE_BOOLEAN, FM_PARAM_FACES, "Track faces",
            "Find and track every face and matte each on its own crop at the size the network was trained on (the "
            "matte is 0 outside faces). Off: the network sees the whole frame.");
    if (p == NULL) {
        return FM_OFX_ERR_UNKNOWN;
    }
    g_props->propSetInt(p, FM_PARAM_PROP_DEFAULT, 0, 1);
    g_props->propSetInt(p, FM_PARAM_PROP_ANIMATES, 0, 0);

    p = define_param(params, FM_PARAM_TYPE_CHOICE, FM_PARAM_COLOR_SPACE, "Input colour space",
            "What the source's RGB values are (as the command line's --colorspace); they are converted to the "
            "network's sRGB-encoded Rec.709 input. Auto: scene-linear Rec.709 in hosts that work scene-linear "
            "(Natron, Nuke), sRGB code values in the others (Shotcut, Kdenlive, Resolve, Fusion).");
    if (p == NULL) {
        return FM_OFX_ERR_UNKNOWN;
    }
    g_props->propSetString(p, FM_PARAM_PROP_CHOICE_OPTION, FM_COLOR_AUTO, "Auto");
    g_props->propSetString(p, FM_PARAM_PROP_CHOICE_OPTION, FM_COLOR_SRGB, "sRGB");
    g_props->propSetString(p, FM_PARAM_PROP_CHOICE_OPTION, FM_COLOR_LINEAR, "Linear (Rec.709)");
    g_props->propSetString(p, FM_PARAM_PROP_CHOICE_OPTION, FM_COLOR_ACESCG, "ACEScg");
    g_props->propSetString(p, FM_PARAM_PROP_CHOICE_OPTION, FM_COLOR_LOGC3, "ARRI LogC3 (EI 800)");
    g_props->propSetString(p, FM_PARAM_PROP_CHOICE_OPTION, FM_COLOR_SLOG3, "Sony S-Log3");
    g_props->propSetInt(p, FM_PARAM_PROP_DEFAULT, 0, FM_COLOR_AUTO);
    g_props->propSetInt(p, FM_PARAM_PROP_ANIMATES, 0, 0);

    p = define_param(params, FM_PARAM_TYPE_DOUBLE, FM_PARAM_FRAME_RATE, "Frame rate",
            "Frames per second, for smoothing the tracked face crops over time. 0: the host's clip frame rate (24 "
            "when the host gives none: Shotcut and Kdenlive do not, set the project's rate there).");
    if (p == NULL) {
        return FM_OFX_ERR_UNKNOWN;
    }
    g_props->propSetDouble(p, FM_PARAM_PROP_DEFAULT, 0, 0.0);
    g_props->propSetDouble(p, FM_PARAM_PROP_MIN, 0, 0.0);
    g_props->propSetDouble(p, FM_PARAM_PROP_MAX, 0, 1000.0);
    g_props->propSetDouble(p, FM_PARAM_PROP_DISPLAY_MIN, 0, 0.0);
    g_props->propSetDouble(p, FM_PARAM_PROP_DISPLAY_MAX, 0, 120.0);
    g_props->propSetInt(p, FM_PARAM_PROP_ANIMATES, 0, 0);
    return FM_OFX_OK;
}

static OfxStatus on_describe_in_context(OfxImageEffectHandle effect, OfxPropertySetHandle in) {
    char *context = NULL;
    if (g_props->propGetString(in, FM_IE_PROP_CONTEXT, 0, &context) != FM_OFX_OK || context == NULL) {
        return FM_OFX_ERR_VALUE;
    }
    int general = strcmp(context, FM_CONTEXT_GENERAL) == 0;
    if (!general && strcmp(context, FM_CONTEXT_FILTER) != 0) {
        return FM_OFX_ERR_UNSUPPORTED;
    }
    OfxStatus s = define_clips(effect, general);
    return s != FM_OFX_OK ? s : define_params(effect);
}

static int param_int(OfxImageEffectHandle effect, const char *name, int fallback) {
    OfxParamSetHandle params;
    OfxParamHandle param;
    int v = fallback;
    if (g_effects->getParamSet(effect, &params) != FM_OFX_OK
            || g_params->paramGetHandle(params, name, &param, NULL) != FM_OFX_OK
            || g_params->paramGetValue(param, &v) != FM_OFX_OK) {
        return fallback;
    }
    return v;
}

static OfxStatus on_clip_preferences(OfxImageEffectHandle effect, OfxPropertySetHandle out) {
    int mode = param_int(effect, FM_PARAM_OUTPUT_MODE, FM_MODE_MATTE_IN_ALPHA);
    int alpha = mode == FM_MODE_ALPHA_ONLY && g_host_takes_alpha;
    g_props->propSetString(out, FM_CLIP_PROP_COMPONENTS "_" FM_CLIP_OUTPUT, 0,
            alpha ? FM_COMPONENT_ALPHA : FM_COMPONENT_RGBA);
    g_props->propSetString(out, FM_IE_PROP_PREMULTIPLICATION, 0,
            mode == FM_MODE_UNCERTAINTY ? FM_IMAGE_OPAQUE : alpha ? FM_IMAGE_PREMULTIPLIED : FM_IMAGE_UNPREMULTIPLIED);
    return FM_OFX_OK;
}

/* the network needs the whole frame: ask for each input's full region of definition */
static OfxStatus on_regions_of_interest(OfxImageEffectHandle effect, OfxPropertySetHandle in,
                                        OfxPropertySetHandle out) {
    double time = 0;
    g_props->propGetDouble(in, FM_PROP_TIME, 0, &time);
    const char *clips[] = {FM_CLIP_SOURCE, FM_CLIP_MASK};
    const char *names[] = {FM_CLIP_PROP_ROI "_" FM_CLIP_SOURCE, FM_CLIP_PROP_ROI "_" FM_CLIP_MASK};
    for (int i = 0; i < 2; i++) {
        OfxImageClipHandle clip;
        OfxRectD rod;
        if (g_effects->clipGetHandle(effect, clips[i], &clip, NULL) != FM_OFX_OK
                || g_effects->clipGetRegionOfDefinition(clip, time, &rod) != FM_OFX_OK) {
            continue;
        }
        double v[4] = {rod.x1, rod.y1, rod.x2, rod.y2};
        g_props->propSetDoubleN(out, names[i], 4, v);
    }
    return FM_OFX_OK;
}

static OfxStatus on_frames_needed(OfxImageEffectHandle effect, OfxPropertySetHandle in, OfxPropertySetHandle out) {
    double time = 0;
    g_props->propGetDouble(in, FM_PROP_TIME, 0, &time);
    int preroll = param_int(effect, FM_PARAM_PREROLL, FM_DEFAULT_PREROLL);
    double range[2] = {time - (preroll > 0 ? preroll : 0), time};
    g_props->propSetDoubleN(out, FM_CLIP_PROP_FRAME_RANGE "_" FM_CLIP_SOURCE, 2, range);
    return FM_OFX_OK;
}

/* one sample of the failed-frame pattern at (x, y): 1 on the stripes, 0 between them */
static int failed_stripe(int x, int y) {
    return ((x + y) / FM_FAILED_STRIPE) % 2 == 0;
}

static void store_sample(unsigned char *pixel, const char *depth, int c, float v) {
    if (strcmp(depth, FM_BIT_DEPTH_FLOAT) == 0) {
        ((float *) pixel)[c] = v;
    } else if (strcmp(depth, FM_BIT_DEPTH_SHORT) == 0) {
        ((unsigned short *) pixel)[c] = v > 0 ? 65535 : 0;
    } else {
        pixel[c] = v > 0 ? 255 : 0;
    }
}

/*
 * Fills the output of a frame that failed with diagonal magenta stripes on black: stripes RGBA (1, 0, 1, 1), between
 * them (0, 0, 0, 0) (Alpha images: 1 and 0). Hosts that honour the failure throw it away; hosts that ignore it (MLT
 * writes whatever the output holds) then show a frame no one can take for a matte.
 */
static void mark_failed_frame(OfxImageEffectHandle effect, OfxPropertySetHandle in) {
    double time = 0;
    OfxImageClipHandle clip;
    OfxPropertySetHandle image = NULL;
    if (in == NULL || g_props->propGetDouble(in, FM_PROP_TIME, 0, &time) != FM_OFX_OK
            || g_effects->clipGetHandle(effect, FM_CLIP_OUTPUT, &clip, NULL) != FM_OFX_OK
            || g_effects->clipGetImage(clip, time, NULL, &image) != FM_OFX_OK || image == NULL) {
        return;
    }
    void *data = NULL;
    int b[4] = {0, 0, 0, 0};
    int row_bytes = 0;
    char *depth = NULL;
    char *components = NULL;
    if (g_props->propGetPointer(image, FM_IMAGE_PROP_DATA, 0, &data) == FM_OFX_OK && data != NULL
            && g_props->propGetIntN(image, FM_IMAGE_PROP_BOUNDS, 4, b) == FM_OFX_OK
            && g_props->propGetInt(image, FM_IMAGE_PROP_ROW_BYTES, 0, &row_bytes) == FM_OFX_OK
            && g_props->propGetString(image, FM_IE_PROP_PIXEL_DEPTH, 0, &depth) == FM_OFX_OK && depth != NULL
            && g_props->propGetString(image, FM_IE_PROP_COMPONENTS, 0, &components) == FM_OFX_OK
            && components != NULL) {
        int nc = strcmp(components, FM_COMPONENT_RGBA) == 0 ? 4 : strcmp(components, FM_COMPONENT_RGB) == 0 ? 3
                : strcmp(components, FM_COMPONENT_ALPHA) == 0 ? 1 : 0;
        int bytes = strcmp(depth, FM_BIT_DEPTH_FLOAT) == 0 ? 4 : strcmp(depth, FM_BIT_DEPTH_SHORT) == 0 ? 2
                : strcmp(depth, FM_BIT_DEPTH_BYTE) == 0 ? 1 : 0;
        if (nc > 0 && bytes > 0 && (long) (row_bytes < 0 ? -row_bytes : row_bytes) >= (long) (b[2] - b[0]) * nc * bytes) {
            for (int y = b[1]; y < b[3]; y++) {
                /* rows are addressed from the bounds' bottom row with the signed stride */
                unsigned char *rowp = (unsigned char *) data + (ptrdiff_t) (y - b[1]) * row_bytes;
                for (int x = b[0]; x < b[2]; x++) {
                    unsigned char *pixel = rowp + (size_t) (x - b[0]) * nc * bytes;
                    float on = failed_stripe(x, y) ? 1.0f : 0.0f;
                    if (nc == 1) {
                        store_sample(pixel, depth, 0, on);
                        continue;
                    }
                    store_sample(pixel, depth, 0, on);
                    store_sample(pixel, depth, 1, 0.0f);
                    store_sample(pixel, depth, 2, on);
                    if (nc == 4) {
                        store_sample(pixel, depth, 3, on);
                    }
                }
            }
        }
    }
    g_effects->clipReleaseImage(image);
}

static OfxStatus forward(int code, const void *handle, OfxPropertySetHandle in, OfxPropertySetHandle out) {
    char error[2048];
    OfxStatus status;
    if (code == FM_BRIDGE_CREATE_INSTANCE) {
        if (fm_jvm_ensure(g_host, error, sizeof error) != 0) {
            fm_post_error(handle, error);
            return FM_OFX_FAILED;
        }
        status = fm_jvm_action(code, handle, in, out);
    } else if (!fm_jvm_started()) {
        /* the instance never got a Java side (no Java runtime): every frame fails, with the reason */
        if (code != FM_BRIDGE_RENDER) {
            return FM_OFX_OK;
        }
        if (fm_jvm_ensure(g_host, error, sizeof error) != 0) {
            fm_post_error(handle, error);
        }
        status = FM_OFX_FAILED;
    } else {
        status = fm_jvm_action(code, handle, in, out);
    }
    if (code == FM_BRIDGE_RENDER && status != FM_OFX_OK) {
        mark_failed_frame((OfxImageEffectHandle) handle, in);
    }
    return status;
}

static OfxStatus main_entry(const char *action, const void *handle, OfxPropertySetHandle in,
                            OfxPropertySetHandle out) {
    OfxImageEffectHandle effect = (OfxImageEffectHandle) handle;
    if (strcmp(action, FM_ACTION_LOAD) == 0) {
        return on_load();
    }
    if (g_props == NULL) {
        return FM_OFX_ERR_UNKNOWN; /* not loaded */
    }
    if (strcmp(action, FM_ACTION_DESCRIBE) == 0) {
        return on_describe(effect);
    }
    if (strcmp(action, FM_ACTION_DESCRIBE_IN_CONTEXT) == 0) {
        return on_describe_in_context(effect, in);
    }
    if (strcmp(action, FM_ACTION_GET_CLIP_PREFERENCES) == 0) {
        return on_clip_preferences(effect, out);
    }
    if (strcmp(action, FM_ACTION_GET_RoI) == 0) {
        return on_regions_of_interest(effect, in, out);
    }
    if (strcmp(action, FM_ACTION_GET_FRAMES_NEEDED) == 0) {
        return on_frames_needed(effect, in, out);
    }
    if (strcmp(action, FM_ACTION_CREATE_INSTANCE) == 0) {
        return forward(FM_BRIDGE_CREATE_INSTANCE, handle, in, out);
    }
    if (strcmp(action, FM_ACTION_DESTROY_INSTANCE) == 0) {
        return forward(FM_BRIDGE_DESTROY_INSTANCE, handle, in, out);
    }
    if (strcmp(action, FM_ACTION_RENDER) == 0) {
        return forward(FM_BRIDGE_RENDER, handle, in, out);
    }
    if (strcmp(action, FM_ACTION_BEGIN_SEQUENCE_RENDER) == 0) {
        return forward(FM_BRIDGE_BEGIN_SEQUENCE, handle, in, out);
    }
    if (strcmp(action, FM_ACTION_END_SEQUENCE_RENDER) == 0) {
        return forward(FM_BRIDGE_END_SEQUENCE, handle, in, out);
    }
    if (strcmp(action, FM_ACTION_INSTANCE_CHANGED) == 0) {
        return forward(FM_BRIDGE_INSTANCE_CHANGED, handle, in, out);
    }
    if (strcmp(action, FM_ACTION_PURGE_CACHES) == 0) {
        return forward(FM_BRIDGE_PURGE_CACHES, handle, in, out);
    }
    if (strcmp(action, FM_ACTION_UNLOAD) == 0) {
        return FM_OFX_OK; /* a Java runtime cannot be unloaded from a process; it stays until the host exits */
    }
    return FM_OFX_REPLY_DEFAULT;
}
