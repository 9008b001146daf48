/*
 * FaceMat post: the parts of the OpenFX image-effect API this project uses, declared here from the published
 * OpenFX 1.4/1.5 specification (names, string values and function signatures; the suites' member order is part of the
 * binary interface). Shared by the plugin shim and the project's test host.
 */
#ifndef FACEMAT_OFX_API_H
#define FACEMAT_OFX_API_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef int OfxStatus;
typedef double OfxTime;
typedef struct FmOfxPropertySet *OfxPropertySetHandle;
typedef struct FmOfxImageEffect *OfxImageEffectHandle;
typedef struct FmOfxImageClip *OfxImageClipHandle;
typedef struct FmOfxParamSet *OfxParamSetHandle;
typedef struct FmOfxParam *OfxParamHandle;
typedef struct FmOfxImageMemory *OfxImageMemoryHandle;

typedef struct { double x1, y1, x2, y2; } OfxRectD;
typedef struct { int x1, y1, x2, y2; } OfxRectI;
typedef struct { double min, max; } OfxRangeD;

/* status codes */
enum {
    FM_OFX_OK = 0,
    FM_OFX_FAILED = 1,
    FM_OFX_ERR_FATAL = 2,
    FM_OFX_ERR_UNKNOWN = 3,
    FM_OFX_ERR_MISSING_HOST_FEATURE = 4,
    FM_OFX_ERR_UNSUPPORTED = 5,
    FM_OFX_ERR_EXISTS = 6,
    FM_OFX_ERR_FORMAT = 7,
    FM_OFX_ERR_MEMORY = 8,
    FM_OFX_ERR_BAD_HANDLE = 9,
    FM_OFX_ERR_BAD_INDEX = 10,
    FM_OFX_ERR_VALUE = 11,
    FM_OFX_REPLY_YES = 12,
    FM_OFX_REPLY_NO = 13,
    FM_OFX_REPLY_DEFAULT = 14
};

typedef struct OfxHost {
    OfxPropertySetHandle host;
    const void *(*fetchSuite)(OfxPropertySetHandle host, const char *suiteName, int suiteVersion);
} OfxHost;

typedef OfxStatus (OfxPluginEntryPoint)(const char *action, const void *handle, OfxPropertySetHandle inArgs,
                                        OfxPropertySetHandle outArgs);

typedef struct OfxPlugin {
    const char *pluginApi;
    int apiVersion;
    const char *pluginIdentifier;
    unsigned int pluginVersionMajor;
    unsigned int pluginVersionMinor;
    void (*setHost)(OfxHost *host);
    OfxPluginEntryPoint *mainEntry;
} OfxPlugin;

/* suite "OfxPropertySuite", version 1 */
typedef struct OfxPropertySuiteV1 {
    OfxStatus (*propSetPointer)(OfxPropertySetHandle props, const char *name, int index, void *value);
    OfxStatus (*propSetString)(OfxPropertySetHandle props, const char *name, int index, const char *value);
    OfxStatus (*propSetDouble)(OfxPropertySetHandle props, const char *name, int index, double value);
    OfxStatus (*propSetInt)(OfxPropertySetHandle props, const char *name, int index, int value);
    OfxStatus (*propSetPointerN)(OfxPropertySetHandle props, const char *name, int count, void *const *value);
    OfxStatus (*propSetStringN)(OfxPropertySetHandle props, const char *name, int count, const char *const *value);
    OfxStatus (*propSetDoubleN)(OfxPropertySetHandle props, const char *name, int count, const double *value);
    OfxStatus (*propSetIntN)(OfxPropertySetHandle props, const char *name, int count, const int *value);
    OfxStatus (*propGetPointer)(OfxPropertySetHandle props, const char *name, int index, void **value);
    OfxStatus (*propGetString)(OfxPropertySetHandle props, const char *name, int index, char **value);
    OfxStatus (*propGetDouble)(OfxPropertySetHandle props, const char *name, int index, double *value);
    OfxStatus (*propGetInt)(OfxPropertySetHandle props, const char *name, int index, int *value);
    OfxStatus (*propGetPointerN)(OfxPropertySetHandle props, const char *name, int count, void **value);
    OfxStatus (*propGetStringN)(OfxPropertySetHandle props, const char *name, int count, char **value);
    OfxStatus (*propGetDoubleN)(OfxPropertySetHandle props, const char *name, int count, double *value);
    OfxStatus (*propGetIntN)(OfxPropertySetHandle props, const char *name, int count, int *value);
    OfxStatus (*propReset)(OfxPropertySetHandle props, const char *name);
    OfxStatus (*propGetDimension)(OfxPropertySetHandle props, const char *name, int *count);
} OfxPropertySuiteV1;

/* suite "OfxImageEffectSuite", version 1 */
typedef struct OfxImageEffectSuiteV1 {
    OfxStatus (*getPropertySet)(OfxImageEffectHandle effect, OfxPropertySetHandle *props);
    OfxStatus (*getParamSet)(OfxImageEffectHandle effect, OfxParamSetHandle *params);
    OfxStatus (*clipDefine)(OfxImageEffectHandle effect, const char *name, OfxPropertySetHandle *props);
    OfxStatus (*clipGetHandle)(OfxImageEffectHandle effect, const char *name, OfxImageClipHandle *clip,
                               OfxPropertySetHandle *props);
    OfxStatus (*clipGetPropertySet)(OfxImageClipHandle clip, OfxPropertySetHandle *props);
    OfxStatus (*clipGetImage)(OfxImageClipHandle clip, OfxTime time, const OfxRectD *region,
                              OfxPropertySetHandle *image);
    OfxStatus (*clipReleaseImage)(OfxPropertySetHandle image);
    OfxStatus (*clipGetRegionOfDefinition)(OfxImageClipHandle clip, OfxTime time, OfxRectD *bounds);
    int (*abort)(OfxImageEffectHandle effect);
    OfxStatus (*imageMemoryAlloc)(OfxImageEffectHandle effect, size_t bytes, OfxImageMemoryHandle *memory);
    OfxStatus (*imageMemoryFree)(OfxImageMemoryHandle memory);
    OfxStatus (*imageMemoryLock)(OfxImageMemoryHandle memory, void **data);
    OfxStatus (*imageMemoryUnlock)(OfxImageMemoryHandle memory);
} OfxImageEffectSuiteV1;

/* suite "OfxParameterSuite", version 1; the value getters and setters are variadic (pointers or values) */
typedef struct OfxParameterSuiteV1 {
    OfxStatus (*paramDefine)(OfxParamSetHandle params, const char *type, const char *name,
                             OfxPropertySetHandle *props);
    OfxStatus (*paramGetHandle)(OfxParamSetHandle params, const char *name, OfxParamHandle *param,
                                OfxPropertySetHandle *props);
    OfxStatus (*paramSetGetPropertySet)(OfxParamSetHandle params, OfxPropertySetHandle *props);
    OfxStatus (*paramGetPropertySet)(OfxParamHandle param, OfxPropertySetHandle *props);
    OfxStatus (*paramGetValue)(OfxParamHandle param, ...);
    OfxStatus (*paramGetValueAtTime)(OfxParamHandle param, OfxTime time, ...);
    OfxStatus (*paramGetDerivative)(OfxParamHandle param, OfxTime time, ...);
    OfxStatus (*paramGetIntegral)(OfxParamHandle param, OfxTime time1, OfxTime time2, ...);
    OfxStatus (*paramSetValue)(OfxParamHandle param, ...);
    OfxStatus (*paramSetValueAtTime)(OfxParamHandle param, OfxTime time, ...);
    OfxStatus (*paramGetNumKeys)(OfxParamHandle param, unsigned int *count);
    OfxStatus (*paramGetKeyTime)(OfxParamHandle param, unsigned int nth, OfxTime *time);
    OfxStatus (*paramGetKeyIndex)(OfxParamHandle param, OfxTime time, int direction, int *index);
    OfxStatus (*paramDeleteKey)(OfxParamHandle param, OfxTime time);
    OfxStatus (*paramDeleteAllKeys)(OfxParamHandle param);
    OfxStatus (*paramCopy)(OfxParamHandle to, OfxParamHandle from, OfxTime offset, const OfxRangeD *range);
    OfxStatus (*paramEditBegin)(OfxParamSetHandle params, const char *name);
    OfxStatus (*paramEditEnd)(OfxParamSetHandle params);
} OfxParameterSuiteV1;

/* suite "OfxMemorySuite", version 1 */
typedef struct OfxMemorySuiteV1 {
    OfxStatus (*memoryAlloc)(void *handle, size_t bytes, void **data);
    OfxStatus (*memoryFree)(void *data);
} OfxMemorySuiteV1;

/* suite "OfxMessageSuite", version 1 (version 2 adds persistent messages after this member) */
typedef struct OfxMessageSuiteV1 {
    OfxStatus (*message)(void *handle, const char *type, const char *id, const char *format, ...);
} OfxMessageSuiteV1;

/* API, suites */
#define FM_OFX_IMAGE_EFFECT_API "OfxImageEffectPluginAPI"
#define FM_OFX_PROPERTY_SUITE "OfxPropertySuite"
#define FM_OFX_IMAGE_EFFECT_SUITE "OfxImageEffectSuite"
#define FM_OFX_PARAMETER_SUITE "OfxParameterSuite"
#define FM_OFX_MEMORY_SUITE "OfxMemorySuite"
#define FM_OFX_MESSAGE_SUITE "OfxMessageSuite"

/* actions */
#define FM_ACTION_LOAD "OfxActionLoad"
#define FM_ACTION_UNLOAD "OfxActionUnload"
#define FM_ACTION_DESCRIBE "OfxActionDescribe"
#define FM_ACTION_CREATE_INSTANCE "OfxActionCreateInstance"
#define FM_ACTION_DESTROY_INSTANCE "OfxActionDestroyInstance"
#define FM_ACTION_INSTANCE_CHANGED "OfxActionInstanceChanged"
#define FM_ACTION_BEGIN_INSTANCE_CHANGED "OfxActionBeginInstanceChanged"
#define FM_ACTION_END_INSTANCE_CHANGED "OfxActionEndInstanceChanged"
#define FM_ACTION_PURGE_CACHES "OfxActionPurgeCaches"
#define FM_ACTION_SYNC_PRIVATE_DATA "OfxActionSyncPrivateData"
#define FM_ACTION_DESCRIBE_IN_CONTEXT "OfxImageEffectActionDescribeInContext"
#define FM_ACTION_GET_RoD "OfxImageEffectActionGetRegionOfDefinition"
#define FM_ACTION_GET_RoI "OfxImageEffectActionGetRegionsOfInterest"
#define FM_ACTION_GET_FRAMES_NEEDED "OfxImageEffectActionGetFramesNeeded"
#define FM_ACTION_IS_IDENTITY "OfxImageEffectActionIsIdentity"
#define FM_ACTION_RENDER "OfxImageEffectActionRender"
#define FM_ACTION_BEGIN_SEQUENCE_RENDER "OfxImageEffectActionBeginSequenceRender"
#define FM_ACTION_END_SEQUENCE_RENDER "OfxImageEffectActionEndSequenceRender"
#define FM_ACTION_GET_CLIP_PREFERENCES "OfxImageEffectActionGetClipPreferences"
#define FM_ACTION_GET_TIME_DOMAIN "OfxImageEffectActionGetTimeDomain"

/* general properties */
#define FM_PROP_TYPE "OfxPropType"
#define FM_PROP_NAME "OfxPropName"
#define FM_PROP_LABEL "OfxPropLabel"
#define FM_PROP_SHORT_LABEL "OfxPropShortLabel"
#define FM_PROP_LONG_LABEL "OfxPropLongLabel"
#define FM_PROP_TIME "OfxPropTime"
#define FM_PROP_IS_INTERACTIVE "OfxPropIsInteractive"
#define FM_PROP_INSTANCE_DATA "OfxPropInstanceData"
#define FM_PROP_CHANGE_REASON "OfxPropChangeReason"
#define FM_PROP_PLUGIN_DESCRIPTION "OfxPropPluginDescription"
#define FM_PROP_API_VERSION "OfxPropAPIVersion"
#define FM_PROP_VERSION "OfxPropVersion"
#define FM_PROP_VERSION_LABEL "OfxPropVersionLabel"

/* image effect properties */
#define FM_IE_PROP_CONTEXT "OfxImageEffectPropContext"
#define FM_IE_PROP_SUPPORTED_CONTEXTS "OfxImageEffectPropSupportedContexts"
#define FM_IE_PROP_SUPPORTED_PIXEL_DEPTHS "OfxImageEffectPropSupportedPixelDepths"
#define FM_IE_PROP_SUPPORTED_COMPONENTS "OfxImageEffectPropSupportedComponents"
#define FM_IE_PROP_SUPPORTS_TILES "OfxImageEffectPropSupportsTiles"
#define FM_IE_PROP_SUPPORTS_MULTI_RESOLUTION "OfxImageEffectPropSupportsMultiResolution"
#define FM_IE_PROP_SUPPORTS_MULTIPLE_CLIP_DEPTHS "OfxImageEffectPropSupportsMultipleClipDepths"
#define FM_IE_PROP_SUPPORTS_MULTIPLE_CLIP_PARS "OfxImageEffectPropSupportsMultipleClipPARs"
#define FM_IE_PROP_TEMPORAL_CLIP_ACCESS "OfxImageEffectPropTemporalClipAccess"
#define FM_IE_PROP_CLIP_PREFERENCES_SLAVE_PARAM "OfxImageEffectPropClipPreferencesSlaveParam"
#define FM_IE_PROP_PIXEL_DEPTH "OfxImageEffectPropPixelDepth"
#define FM_IE_PROP_COMPONENTS "OfxImageEffectPropComponents"
#define FM_IE_PROP_PREMULTIPLICATION "OfxImageEffectPropPreMultiplication"
#define FM_IE_PROP_RENDER_SCALE "OfxImageEffectPropRenderScale"
#define FM_IE_PROP_RENDER_WINDOW "OfxImageEffectPropRenderWindow"
#define FM_IE_PROP_REGION_OF_INTEREST "OfxImageEffectPropRegionOfInterest"
#define FM_IE_PROP_REGION_OF_DEFINITION "OfxImageEffectPropRegionOfDefinition"
#define FM_IE_PROP_FRAME_RANGE "OfxImageEffectPropFrameRange"
#define FM_IE_PROP_FRAME_RATE "OfxImageEffectPropFrameRate"
#define FM_IE_PROP_FRAME_STEP "OfxImageEffectPropFrameStep"
#define FM_IE_PROP_FIELD_TO_RENDER "OfxImageEffectPropFieldToRender"
#define FM_IE_PROP_SEQUENTIAL_RENDER_STATUS "OfxImageEffectPropSequentialRenderStatus"
#define FM_IE_PROP_INTERACTIVE_RENDER_STATUS "OfxImageEffectPropInteractiveRenderStatus"
#define FM_IE_INSTANCE_PROP_SEQUENTIAL_RENDER "OfxImageEffectInstancePropSequentialRender"
#define FM_IE_PLUGIN_PROP_GROUPING "OfxImageEffectPluginPropGrouping"
#define FM_IE_PLUGIN_PROP_SINGLE_INSTANCE "OfxImageEffectPluginPropSingleInstance"
#define FM_IE_PLUGIN_PROP_HOST_FRAME_THREADING "OfxImageEffectPluginPropHostFrameThreading"
#define FM_IE_PLUGIN_PROP_FIELD_RENDER_TWICE_ALWAYS "OfxImageEffectPluginPropFieldRenderTwiceAlways"
#define FM_IE_PLUGIN_RENDER_THREAD_SAFETY "OfxImageEffectPluginRenderThreadSafety"

/* clip properties; the clip-preference and per-clip action arguments are these names + "_" + the clip name */
#define FM_CLIP_PROP_OPTIONAL "OfxImageClipPropOptional"
#define FM_CLIP_PROP_IS_MASK "OfxImageClipPropIsMask"
#define FM_CLIP_PROP_CONNECTED "OfxImageClipPropConnected"
#define FM_CLIP_PROP_COMPONENTS "OfxImageClipPropComponents"
#define FM_CLIP_PROP_DEPTH "OfxImageClipPropDepth"
#define FM_CLIP_PROP_ROI "OfxImageClipPropRoI"
#define FM_CLIP_PROP_FRAME_RANGE "OfxImageClipPropFrameRange"
#define FM_CLIP_PROP_UNMAPPED_COMPONENTS "OfxImageClipPropUnmappedComponents"
#define FM_CLIP_PROP_UNMAPPED_DEPTH "OfxImageClipPropUnmappedPixelDepth"

/* image properties */
#define FM_IMAGE_PROP_DATA "OfxImagePropData"
#define FM_IMAGE_PROP_BOUNDS "OfxImagePropBounds"
#define FM_IMAGE_PROP_ROW_BYTES "OfxImagePropRowBytes"
#define FM_IMAGE_PROP_PIXEL_ASPECT_RATIO "OfxImagePropPixelAspectRatio"
#define FM_IMAGE_PROP_REGION_OF_DEFINITION "OfxImagePropRegionOfDefinition"
#define FM_IMAGE_PROP_FIELD "OfxImagePropField"
#define FM_IMAGE_PROP_UNIQUE_IDENTIFIER "OfxImagePropUniqueIdentifier"

/* values */
#define FM_CONTEXT_FILTER "OfxImageEffectContextFilter"
#define FM_CONTEXT_GENERAL "OfxImageEffectContextGeneral"
#define FM_BIT_DEPTH_NONE "OfxBitDepthNone"
#define FM_BIT_DEPTH_BYTE "OfxBitDepthByte"
#define FM_BIT_DEPTH_SHORT "OfxBitDepthShort"
#define FM_BIT_DEPTH_FLOAT "OfxBitDepthFloat"
#define FM_COMPONENT_NONE "OfxImageComponentNone"
#define FM_COMPONENT_RGBA "OfxImageComponentRGBA"
#define FM_COMPONENT_RGB "OfxImageComponentRGB"
#define FM_COMPONENT_ALPHA "OfxImageComponentAlpha"
#define FM_IMAGE_OPAQUE "OfxImageOpaque"
#define FM_IMAGE_PREMULTIPLIED "OfxImageAlphaPremultiplied"
#define FM_IMAGE_UNPREMULTIPLIED "OfxImageAlphaUnPremultiplied"
#define FM_RENDER_UNSAFE "OfxImageEffectRenderUnsafe"
#define FM_RENDER_INSTANCE_SAFE "OfxImageEffectRenderInstanceSafe"
#define FM_RENDER_FULLY_SAFE "OfxImageEffectRenderFullySafe"
#define FM_FIELD_NONE "OfxFieldNone"
#define FM_TYPE_IMAGE_EFFECT_HOST "OfxTypeImageEffectHost"
#define FM_TYPE_IMAGE_EFFECT "OfxTypeImageEffect"
#define FM_TYPE_IMAGE_EFFECT_INSTANCE "OfxTypeImageEffectInstance"
#define FM_TYPE_CLIP "OfxTypeClip"
#define FM_TYPE_IMAGE "OfxTypeImage"
#define FM_TYPE_PARAMETER "OfxTypeParameter"
#define FM_CHANGE_USER_EDITED "OfxChangeUserEdited"
#define FM_CHANGE_PLUGIN_EDITED "OfxChangePluginEdited"
#define FM_CHANGE_TIME "OfxChangeTime"

/* parameters */
#define FM_PARAM_TYPE_INTEGER "OfxParamTypeInteger"
#define FM_PARAM_TYPE_DOUBLE "OfxParamTypeDouble"
#define FM_PARAM_TYPE_BOOLEAN "OfxParamTypeBoolean"
#define FM_PARAM_TYPE_CHOICE "OfxParamTypeChoice"
#define FM_PARAM_TYPE_STRING "OfxParamTypeString"
#define FM_PARAM_TYPE_GROUP "OfxParamTypeGroup"
#define FM_PARAM_PROP_TYPE "OfxParamPropType"
#define FM_PARAM_PROP_DEFAULT "OfxParamPropDefault"
#define FM_PARAM_PROP_HINT "OfxParamPropHint"
#define FM_PARAM_PROP_PARENT "OfxParamPropParent"
#define FM_PARAM_PROP_ANIMATES "OfxParamPropAnimates"
#define FM_PARAM_PROP_EVALUATE_ON_CHANGE "OfxParamPropEvaluateOnChange"
#define FM_PARAM_PROP_CHOICE_OPTION "OfxParamPropChoiceOption"
#define FM_PARAM_PROP_MIN "OfxParamPropMin"
#define FM_PARAM_PROP_MAX "OfxParamPropMax"
#define FM_PARAM_PROP_DISPLAY_MIN "OfxParamPropDisplayMin"
#define FM_PARAM_PROP_DISPLAY_MAX "OfxParamPropDisplayMax"
#define FM_PARAM_PROP_INCREMENT "OfxParamPropIncrement"
#define FM_PARAM_PROP_DIGITS "OfxParamPropDigits"
#define FM_PARAM_PROP_ENABLED "OfxParamPropEnabled"
#define FM_PARAM_PROP_STRING_MODE "OfxParamPropStringMode"
#define FM_PARAM_PROP_STRING_FILE_PATH_EXISTS "OfxParamPropStringFilePathExists"
#define FM_PARAM_STRING_IS_FILE_PATH "OfxParamStringIsFilePath"

/* message types */
#define FM_MESSAGE_ERROR "OfxMessageError"
#define FM_MESSAGE_WARNING "OfxMessageWarning"
#define FM_MESSAGE_MESSAGE "OfxMessageMessage"

#ifdef __cplusplus
}
#endif

#endif
