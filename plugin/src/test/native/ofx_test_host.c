/*
 * FaceMat post: a small OpenFX host for the plug-in's tests, written from the OpenFX specification. It loads
 * FaceMat.ofx.bundle from OFX_PLUGIN_PATH with dlopen, calls the real entry points in a host's order and renders
 * frames given as raw files, with the awkward image layouts real hosts produce (negative row strides, bounds away
 * from 0, half render scale, Alpha output, byte depth, two instances on two threads).
 *
 *   ofx_test_host <scenario> <frames dir> <width> <height> <frame count> <out dir>
 *
 * Frames are <frames dir>/frame_NNNN.rgba: float32 RGBA, top row first. Each output image is written to
 * <out dir>/<tag>_NNNN.fmimg ("FMIMG w h c\n" then float32, top row first). Results and checks go to standard
 * output as key=value lines; messages the plug-in posts are recorded as "message=<type>|<text>".
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ofx_api.h"

/* ---------- property sets ---------- */

typedef struct {
    char *name;
    char type; /* 'i' int, 'd' double, 's' string, 'p' pointer */
    int count;
    int *ints;
    double *doubles;
    char **strings;
    void **pointers;
} Prop;

struct FmOfxPropertySet {
    pthread_mutex_t lock;
    Prop *props;
    int count;
    int capacity;
};

typedef struct FmOfxPropertySet PropSet;

static void props_init(PropSet *s) {
    memset(s, 0, sizeof *s);
    pthread_mutex_init(&s->lock, NULL);
}

static void props_free(PropSet *s) {
    for (int i = 0; i < s->count; i++) {
        Prop *p = &s->props[i];
        for (int k = 0; p->strings != NULL && k < p->count; k++) {
            free(p->strings[k]);
        }
        free(p->name);
        free(p->ints);
        free(p->doubles);
        free(p->strings);
        free(p->pointers);
    }
    free(s->props);
    pthread_mutex_destroy(&s->lock);
}

static Prop *find(PropSet *s, const char *name) {
    for (int i = 0; i < s->count; i++) {
        if (strcmp(s->props[i].name, name) == 0) {
            return &s->props[i];
        }
    }
    return NULL;
}

/* the property, grown to hold index; NULL when it exists with another type */
static Prop *slot(PropSet *s, const char *name, char type, int index) {
    Prop *p = find(s, name);
    if (p == NULL) {
        if (s->count == s->capacity) {
            s->capacity = s->capacity ? 2 * s->capacity : 16;
            s->props = realloc(s->props, s->capacity * sizeof(Prop));
        }
        p = &s->props[s->count++];
        memset(p, 0, sizeof *p);
        p->name = strdup(name);
        p->type = type;
    }
    if (p->type != type) {
        return NULL;
    }
    if (index >= p->count) {
        int n = index + 1;
        switch (type) {
            case 'i': p->ints = realloc(p->ints, n * sizeof(int)); memset(p->ints + p->count, 0, (n - p->count) * sizeof(int)); break;
            case 'd': p->doubles = realloc(p->doubles, n * sizeof(double)); memset(p->doubles + p->count, 0, (n - p->count) * sizeof(double)); break;
            case 's': p->strings = realloc(p->strings, n * sizeof(char *)); for (int k = p->count; k < n; k++) p->strings[k] = strdup(""); break;
            default: p->pointers = realloc(p->pointers, n * sizeof(void *)); memset(p->pointers + p->count, 0, (n - p->count) * sizeof(void *)); break;
        }
        p->count = n;
    }
    return p;
}

#define CHECK_SET(s, name, ty, index) \
    if ((s) == NULL || (index) < 0) return FM_OFX_ERR_BAD_HANDLE; \
    pthread_mutex_lock(&(s)->lock); \
    Prop *p = slot((s), (name), (ty), (index)); \
    if (p == NULL) { pthread_mutex_unlock(&(s)->lock); return FM_OFX_ERR_VALUE; }

static OfxStatus set_pointer(OfxPropertySetHandle s, const char *name, int i, void *v) {
    CHECK_SET(s, name, 'p', i);
    p->pointers[i] = v;
    pthread_mutex_unlock(&s->lock);
    return FM_OFX_OK;
}

static OfxStatus set_string(OfxPropertySetHandle s, const char *name, int i, const char *v) {
    CHECK_SET(s, name, 's', i);
    free(p->strings[i]);
    p->strings[i] = strdup(v != NULL ? v : "");
    pthread_mutex_unlock(&s->lock);
    return FM_OFX_OK;
}

static OfxStatus set_double(OfxPropertySetHandle s, const char *name, int i, double v) {
    CHECK_SET(s, name, 'd', i);
    p->doubles[i] = v;
    pthread_mutex_unlock(&s->lock);
    return FM_OFX_OK;
}

static OfxStatus set_int(OfxPropertySetHandle s, const char *name, int i, int v) {
    CHECK_SET(s, name, 'i', i);
    p->ints[i] = v;
    pthread_mutex_unlock(&s->lock);
    return FM_OFX_OK;
}

static OfxStatus set_pointer_n(OfxPropertySetHandle s, const char *name, int n, void *const *v) {
    for (int i = n - 1; i >= 0; i--) {
        OfxStatus st = set_pointer(s, name, i, v[i]);
        if (st != FM_OFX_OK) return st;
    }
    return FM_OFX_OK;
}

static OfxStatus set_string_n(OfxPropertySetHandle s, const char *name, int n, const char *const *v) {
    for (int i = n - 1; i >= 0; i--) {
        OfxStatus st = set_string(s, name, i, v[i]);
        if (st != FM_OFX_OK) return st;
    }
    return FM_OFX_OK;
}

static OfxStatus set_double_n(OfxPropertySetHandle s, const char *name, int n, const double *v) {
    for (int i = n - 1; i >= 0; i--) {
        OfxStatus st = set_double(s, name, i, v[i]);
        if (st != FM_OFX_OK) return st;
    }
    return FM_OFX_OK;
}

static OfxStatus set_int_n(OfxPropertySetHandle s, const char *name, int n, const int *v) {
    for (int i = n - 1; i >= 0; i--) {
        OfxStatus st = set_int(s, name, i, v[i]);
        if (st != FM_OFX_OK) return st;
    }
    return FM_OFX_OK;
}

#define CHECK_GET(s, name, ty, index) \
    if ((s) == NULL) return FM_OFX_ERR_BAD_HANDLE; \
    pthread_mutex_lock(&(s)->lock); \
    Prop *p = find((s), (name)); \
    if (p == NULL || p->type != (ty)) { pthread_mutex_unlock(&(s)->lock); return FM_OFX_ERR_UNKNOWN; } \
    if ((index) < 0 || (index) >= p->count) { pthread_mutex_unlock(&(s)->lock); return FM_OFX_ERR_BAD_INDEX; }

static OfxStatus get_pointer(OfxPropertySetHandle s, const char *name, int i, void **v) {
    CHECK_GET(s, name, 'p', i);
    *v = p->pointers[i];
    pthread_mutex_unlock(&s->lock);
    return FM_OFX_OK;
}

static OfxStatus get_string(OfxPropertySetHandle s, const char *name, int i, char **v) {
    CHECK_GET(s, name, 's', i);
    *v = p->strings[i];
    pthread_mutex_unlock(&s->lock);
    return FM_OFX_OK;
}

static OfxStatus get_double(OfxPropertySetHandle s, const char *name, int i, double *v) {
    CHECK_GET(s, name, 'd', i);
    *v = p->doubles[i];
    pthread_mutex_unlock(&s->lock);
    return FM_OFX_OK;
}

static OfxStatus get_int(OfxPropertySetHandle s, const char *name, int i, int *v) {
    CHECK_GET(s, name, 'i', i);
    *v = p->ints[i];
    pthread_mutex_unlock(&s->lock);
    return FM_OFX_OK;
}

static OfxStatus get_pointer_n(OfxPropertySetHandle s, const char *name, int n, void **v) {
    for (int i = 0; i < n; i++) {
        OfxStatus st = get_pointer(s, name, i, &v[i]);
        if (st != FM_OFX_OK) return st;
    }
    return FM_OFX_OK;
}

static OfxStatus get_string_n(OfxPropertySetHandle s, const char *name, int n, char **v) {
    for (int i = 0; i < n; i++) {
        OfxStatus st = get_string(s, name, i, &v[i]);
        if (st != FM_OFX_OK) return st;
    }
    return FM_OFX_OK;
}

static OfxStatus get_double_n(OfxPropertySetHandle s, const char *name, int n, double *v) {
    for (int i = 0; i < n; i++) {
        OfxStatus st = get_double(s, name, i, &v[i]);
        if (st != FM_OFX_OK) return st;
    }
    return FM_OFX_OK;
}

static OfxStatus get_int_n(OfxPropertySetHandle s, const char *name, int n, int *v) {
    for (int i = 0; i < n; i++) {
        OfxStatus st = get_int(s, name, i, &v[i]);
        if (st != FM_OFX_OK) return st;
    }
    return FM_OFX_OK;
}

static OfxStatus prop_reset(OfxPropertySetHandle s, const char *name) {
    (void) s;
    (void) name;
    return FM_OFX_OK;
}

static OfxStatus get_dimension(OfxPropertySetHandle s, const char *name, int *count) {
    if (s == NULL) return FM_OFX_ERR_BAD_HANDLE;
    pthread_mutex_lock(&s->lock);
    Prop *p = find(s, name);
    *count = p == NULL ? 0 : p->count;
    pthread_mutex_unlock(&s->lock);
    return p == NULL ? FM_OFX_ERR_UNKNOWN : FM_OFX_OK;
}

static const OfxPropertySuiteV1 g_property_suite = {
    set_pointer, set_string, set_double, set_int, set_pointer_n, set_string_n, set_double_n, set_int_n,
    get_pointer, get_string, get_double, get_int, get_pointer_n, get_string_n, get_double_n, get_int_n,
    prop_reset, get_dimension
};

static const char *str_prop(PropSet *s, const char *name, int i) {
    char *v = NULL;
    return get_string(s, name, i, &v) == FM_OFX_OK ? v : "";
}

static int int_prop(PropSet *s, const char *name, int i, int fallback) {
    int v = fallback;
    return get_int(s, name, i, &v) == FM_OFX_OK ? v : fallback;
}

/* ---------- footage, images, clips, parameters, effects ---------- */

static int g_width, g_height, g_frames;
static float **g_footage; /* float RGBA, top row first, per frame */
static const char *g_out_dir;

typedef struct {
    int depth_bytes;     /* 4 float, 1 byte */
    int negative_rows;   /* rows stored top-down, data points at the bottom row, rowBytes < 0 */
    int offset_x, offset_y;
    double scale;        /* render scale, 1 or 0.5 */
} Layout;

typedef struct {
    PropSet props; /* first: the image handle is this property set */
    void *alloc;
    int components;
} Image;

typedef struct Effect Effect;

struct FmOfxImageClip {
    PropSet props;
    char name[32];
    Effect *effect;
};

struct FmOfxParam {
    PropSet props;
    char name[64];
    char type[40];
    int ints[1];
    double doubles[1];
    char *string;
};

#define MAX_PARAMS 16
#define MAX_CLIPS 4

struct FmOfxParamSet {
    PropSet props;
    struct FmOfxParam params[MAX_PARAMS];
    int count;
};

struct Effect {
    PropSet props; /* first */
    struct FmOfxParamSet params;
    struct FmOfxImageClip clips[MAX_CLIPS];
    int clip_count;
    Layout layout;
    Image *output; /* the image being rendered */
    int source_fetches;
    const char *tag;
};

static pthread_mutex_t g_log_lock = PTHREAD_MUTEX_INITIALIZER;

static void report(const char *fmt, ...) {
    pthread_mutex_lock(&g_log_lock);
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
    pthread_mutex_unlock(&g_log_lock);
}

static struct FmOfxImageClip *clip_named(Effect *e, const char *name) {
    for (int i = 0; i < e->clip_count; i++) {
        if (strcmp(e->clips[i].name, name) == 0) {
            return &e->clips[i];
        }
    }
    return NULL;
}

static int frame_w(const Layout *l) { return (int) floor(g_width * l->scale + 0.5); }
static int frame_h(const Layout *l) { return (int) floor(g_height * l->scale + 0.5); }

static Image *new_image(const Layout *l, int components, int w, int h) {
    Image *img = calloc(1, sizeof *img);
    props_init(&img->props);
    img->components = components;
    int row_bytes = w * components * l->depth_bytes;
    img->alloc = calloc((size_t) h, row_bytes);
    /* OpenFX rows count from the bottom; with a negative stride, memory holds the top row first */
    char *data = l->negative_rows ? (char *) img->alloc + (size_t) (h - 1) * row_bytes : img->alloc;
    int bounds[4] = {l->offset_x, l->offset_y, l->offset_x + w, l->offset_y + h};
    set_pointer(&img->props, FM_IMAGE_PROP_DATA, 0, data);
    set_int_n(&img->props, FM_IMAGE_PROP_BOUNDS, 4, bounds);
    set_int_n(&img->props, FM_IMAGE_PROP_REGION_OF_DEFINITION, 4, bounds);
    set_int(&img->props, FM_IMAGE_PROP_ROW_BYTES, 0, l->negative_rows ? -row_bytes : row_bytes);
    set_string(&img->props, FM_IE_PROP_PIXEL_DEPTH, 0, l->depth_bytes == 4 ? FM_BIT_DEPTH_FLOAT : FM_BIT_DEPTH_BYTE);
    set_string(&img->props, FM_IE_PROP_COMPONENTS, 0, components == 4 ? FM_COMPONENT_RGBA : FM_COMPONENT_ALPHA);
    set_string(&img->props, FM_IE_PROP_PREMULTIPLICATION, 0, FM_IMAGE_UNPREMULTIPLIED);
    set_double(&img->props, FM_IE_PROP_RENDER_SCALE, 0, l->scale);
    set_double(&img->props, FM_IE_PROP_RENDER_SCALE, 1, l->scale);
    set_double(&img->props, FM_IMAGE_PROP_PIXEL_ASPECT_RATIO, 0, 1.0);
    set_string(&img->props, FM_IMAGE_PROP_FIELD, 0, FM_FIELD_NONE);
    set_string(&img->props, FM_IMAGE_PROP_UNIQUE_IDENTIFIER, 0, "img");
    set_string(&img->props, FM_PROP_TYPE, 0, FM_TYPE_IMAGE);
    return img;
}

/* where an image's pixels are, read from its properties once */
typedef struct {
    char *data;
    int bounds[4];
    int row_bytes;
    int pixel_bytes;
} View;

static View view_of(Image *img) {
    View v;
    void *data;
    get_pointer(&img->props, FM_IMAGE_PROP_DATA, 0, &data);
    v.data = data;
    get_int_n(&img->props, FM_IMAGE_PROP_BOUNDS, 4, v.bounds);
    get_int(&img->props, FM_IMAGE_PROP_ROW_BYTES, 0, &v.row_bytes);
    int depth = strcmp(str_prop(&img->props, FM_IE_PROP_PIXEL_DEPTH, 0), FM_BIT_DEPTH_FLOAT) == 0 ? 4 : 1;
    v.pixel_bytes = img->components * depth;
    return v;
}

/* address of pixel (x, y) in image coordinates (origin bottom left), as the specification lays it out */
static char *pixel(const View *v, int x, int y) {
    return v->data + (ptrdiff_t) (y - v->bounds[1]) * v->row_bytes + (ptrdiff_t) (x - v->bounds[0]) * v->pixel_bytes;
}

static void put_value(char *p, int depth, float v) {
    if (depth == 4) {
        memcpy(p, &v, 4);
    } else {
        float c = v < 0 ? 0 : v > 1 ? 1 : v;
        *(unsigned char *) p = (unsigned char) lrintf(c * 255.0f);
    }
}

static float get_value(const char *p, int depth) {
    if (depth == 4) {
        float v;
        memcpy(&v, p, 4);
        return v;
    }
    return *(const unsigned char *) p / 255.0f;
}

/* the source frame as the host would hand it: scaled by a 2x2 box average at half scale */
static Image *source_image(Effect *e, int frame) {
    const Layout *l = &e->layout;
    int w = frame_w(l), h = frame_h(l);
    Image *img = new_image(l, 4, w, h);
    const float *src = g_footage[frame];
    int k = l->scale < 1 ? 2 : 1;
    View v = view_of(img);
    if (k == 1 && l->depth_bytes == 4) { /* the common case, a row at a time, as a host's own buffer would be */
        for (int top = 0; top < h; top++) {
            memcpy(pixel(&v, l->offset_x, l->offset_y + h - 1 - top), src + (size_t) top * g_width * 4,
                   (size_t) w * 4 * sizeof(float));
        }
        return img;
    }
    for (int top = 0; top < h; top++) {
        int y = l->offset_y + h - 1 - top;
        for (int x = 0; x < w; x++) {
            char *p = pixel(&v, l->offset_x + x, y);
            for (int c = 0; c < 4; c++) {
                float sum = 0;
                for (int dy = 0; dy < k; dy++) {
                    for (int dx = 0; dx < k; dx++) {
                        sum += src[((size_t) (top * k + dy) * g_width + x * k + dx) * 4 + c];
                    }
                }
                put_value(p + c * l->depth_bytes, l->depth_bytes, sum / (k * k));
            }
        }
    }
    return img;
}

/* ---------- image effect suite ---------- */

static OfxStatus effect_props(OfxImageEffectHandle h, OfxPropertySetHandle *out) {
    *out = &((Effect *) h)->props;
    return FM_OFX_OK;
}

static OfxStatus effect_params(OfxImageEffectHandle h, OfxParamSetHandle *out) {
    *out = &((Effect *) h)->params;
    return FM_OFX_OK;
}

static OfxStatus clip_define(OfxImageEffectHandle h, const char *name, OfxPropertySetHandle *out) {
    Effect *e = (Effect *) h;
    if (e->clip_count == MAX_CLIPS) return FM_OFX_ERR_MEMORY;
    struct FmOfxImageClip *c = &e->clips[e->clip_count++];
    props_init(&c->props);
    snprintf(c->name, sizeof c->name, "%s", name);
    c->effect = e;
    set_string(&c->props, FM_PROP_NAME, 0, name);
    set_string(&c->props, FM_PROP_TYPE, 0, FM_TYPE_CLIP);
    *out = &c->props;
    return FM_OFX_OK;
}

static OfxStatus clip_get_handle(OfxImageEffectHandle h, const char *name, OfxImageClipHandle *clip,
                                 OfxPropertySetHandle *props) {
    struct FmOfxImageClip *c = clip_named((Effect *) h, name);
    if (c == NULL) return FM_OFX_ERR_BAD_HANDLE;
    *clip = c;
    if (props != NULL) *props = &c->props;
    return FM_OFX_OK;
}

static OfxStatus clip_get_props(OfxImageClipHandle clip, OfxPropertySetHandle *out) {
    *out = &clip->props;
    return FM_OFX_OK;
}

static OfxStatus clip_get_image(OfxImageClipHandle clip, OfxTime time, const OfxRectD *region,
                                OfxPropertySetHandle *out) {
    (void) region;
    Effect *e = clip->effect;
    if (strcmp(clip->name, "Output") == 0) {
        if (e->output == NULL) return FM_OFX_FAILED;
        *out = &e->output->props;
        return FM_OFX_OK;
    }
    if (strcmp(clip->name, "Source") != 0) return FM_OFX_FAILED; /* no Mask connected */
    int frame = (int) lrint(time);
    if (frame < 0 || frame >= g_frames) return FM_OFX_FAILED;
    __atomic_add_fetch(&e->source_fetches, 1, __ATOMIC_SEQ_CST);
    *out = &source_image(e, frame)->props;
    return FM_OFX_OK;
}

static OfxStatus clip_release_image(OfxPropertySetHandle image) {
    Image *img = (Image *) image;
    void *tag;
    /* the output image belongs to the render that made it */
    if (get_pointer(&img->props, "FaceMatTestHostOutput", 0, &tag) != FM_OFX_OK) {
        free(img->alloc);
        props_free(&img->props);
        free(img);
    }
    return FM_OFX_OK;
}

static OfxStatus clip_get_rod(OfxImageClipHandle clip, OfxTime time, OfxRectD *bounds) {
    (void) time;
    const Layout *l = &clip->effect->layout;
    /* canonical coordinates: the full-resolution frame, offset by the layout's origin at that scale */
    bounds->x1 = l->offset_x / l->scale;
    bounds->y1 = l->offset_y / l->scale;
    bounds->x2 = bounds->x1 + g_width;
    bounds->y2 = bounds->y1 + g_height;
    return FM_OFX_OK;
}

static int effect_abort(OfxImageEffectHandle h) {
    (void) h;
    return 0;
}

static OfxStatus mem_alloc_image(OfxImageEffectHandle h, size_t n, OfxImageMemoryHandle *m) {
    (void) h;
    *m = (OfxImageMemoryHandle) malloc(n);
    return *m != NULL ? FM_OFX_OK : FM_OFX_ERR_MEMORY;
}

static OfxStatus mem_free_image(OfxImageMemoryHandle m) {
    free(m);
    return FM_OFX_OK;
}

static OfxStatus mem_lock_image(OfxImageMemoryHandle m, void **data) {
    *data = m;
    return FM_OFX_OK;
}

static OfxStatus mem_unlock_image(OfxImageMemoryHandle m) {
    (void) m;
    return FM_OFX_OK;
}

static const OfxImageEffectSuiteV1 g_effect_suite = {
    effect_props, effect_params, clip_define, clip_get_handle, clip_get_props, clip_get_image, clip_release_image,
    clip_get_rod, effect_abort, mem_alloc_image, mem_free_image, mem_lock_image, mem_unlock_image
};

/* ---------- parameter suite ---------- */

static OfxStatus param_define(OfxParamSetHandle set, const char *type, const char *name, OfxPropertySetHandle *out) {
    if (set->count == MAX_PARAMS) return FM_OFX_ERR_MEMORY;
    struct FmOfxParam *p = &set->params[set->count++];
    memset(p, 0, sizeof *p);
    props_init(&p->props);
    snprintf(p->name, sizeof p->name, "%s", name);
    snprintf(p->type, sizeof p->type, "%s", type);
    set_string(&p->props, FM_PROP_NAME, 0, name);
    set_string(&p->props, FM_PROP_TYPE, 0, FM_TYPE_PARAMETER);
    set_string(&p->props, FM_PARAM_PROP_TYPE, 0, type);
    if (out != NULL) *out = &p->props;
    return FM_OFX_OK;
}

static struct FmOfxParam *param_named(OfxParamSetHandle set, const char *name) {
    for (int i = 0; i < set->count; i++) {
        if (strcmp(set->params[i].name, name) == 0) return &set->params[i];
    }
    return NULL;
}

static OfxStatus param_get_handle(OfxParamSetHandle set, const char *name, OfxParamHandle *param,
                                  OfxPropertySetHandle *props) {
    struct FmOfxParam *p = param_named(set, name);
    if (p == NULL) return FM_OFX_ERR_UNKNOWN;
    *param = p;
    if (props != NULL) *props = &p->props;
    return FM_OFX_OK;
}

static OfxStatus param_set_props(OfxParamSetHandle set, OfxPropertySetHandle *out) {
    *out = &set->props;
    return FM_OFX_OK;
}

static OfxStatus param_props(OfxParamHandle p, OfxPropertySetHandle *out) {
    *out = &p->props;
    return FM_OFX_OK;
}

static OfxStatus read_value(OfxParamHandle p, va_list ap) {
    if (strcmp(p->type, FM_PARAM_TYPE_DOUBLE) == 0) {
        *va_arg(ap, double *) = p->doubles[0];
    } else if (strcmp(p->type, FM_PARAM_TYPE_STRING) == 0) {
        *va_arg(ap, char **) = p->string != NULL ? p->string : "";
    } else {
        *va_arg(ap, int *) = p->ints[0];
    }
    return FM_OFX_OK;
}

static OfxStatus param_get_value(OfxParamHandle p, ...) {
    va_list ap;
    va_start(ap, p);
    OfxStatus s = read_value(p, ap);
    va_end(ap);
    return s;
}

static OfxStatus param_get_value_at_time(OfxParamHandle p, OfxTime t, ...) {
    (void) t;
    va_list ap;
    va_start(ap, t);
    OfxStatus s = read_value(p, ap);
    va_end(ap);
    return s;
}

static OfxStatus param_set_value(OfxParamHandle p, ...) {
    va_list ap;
    va_start(ap, p);
    if (strcmp(p->type, FM_PARAM_TYPE_DOUBLE) == 0) {
        p->doubles[0] = va_arg(ap, double);
    } else if (strcmp(p->type, FM_PARAM_TYPE_STRING) == 0) {
        free(p->string);
        p->string = strdup(va_arg(ap, const char *));
    } else {
        p->ints[0] = va_arg(ap, int);
    }
    va_end(ap);
    return FM_OFX_OK;
}

/* members this host does not offer */
static OfxStatus no_derivative(OfxParamHandle p, OfxTime t, ...) { return FM_OFX_ERR_UNSUPPORTED; }
static OfxStatus no_integral(OfxParamHandle p, OfxTime t1, OfxTime t2, ...) { return FM_OFX_ERR_UNSUPPORTED; }
static OfxStatus no_set_at_time(OfxParamHandle p, OfxTime t, ...) { return FM_OFX_ERR_UNSUPPORTED; }
static OfxStatus no_num_keys(OfxParamHandle p, unsigned int *n) { return FM_OFX_ERR_UNSUPPORTED; }
static OfxStatus no_key_time(OfxParamHandle p, unsigned int k, OfxTime *t) { return FM_OFX_ERR_UNSUPPORTED; }
static OfxStatus no_key_index(OfxParamHandle p, OfxTime t, int d, int *i) { return FM_OFX_ERR_UNSUPPORTED; }
static OfxStatus no_delete_key(OfxParamHandle p, OfxTime t) { return FM_OFX_ERR_UNSUPPORTED; }
static OfxStatus no_delete_keys(OfxParamHandle p) { return FM_OFX_ERR_UNSUPPORTED; }
static OfxStatus no_copy(OfxParamHandle a, OfxParamHandle b, OfxTime t, const OfxRangeD *r) { return FM_OFX_ERR_UNSUPPORTED; }
static OfxStatus no_edit_begin(OfxParamSetHandle s, const char *n) { return FM_OFX_ERR_UNSUPPORTED; }
static OfxStatus no_edit_end(OfxParamSetHandle s) { return FM_OFX_ERR_UNSUPPORTED; }

static const OfxParameterSuiteV1 g_param_suite = {
    param_define, param_get_handle, param_set_props, param_props, param_get_value, param_get_value_at_time,
    no_derivative, no_integral, param_set_value, no_set_at_time, no_num_keys, no_key_time, no_key_index,
    no_delete_key, no_delete_keys, no_copy, no_edit_begin, no_edit_end
};

/* ---------- memory and message suites ---------- */

static OfxStatus memory_alloc(void *h, size_t n, void **data) {
    (void) h;
    *data = malloc(n);
    return *data != NULL ? FM_OFX_OK : FM_OFX_ERR_MEMORY;
}

static OfxStatus memory_free(void *data) {
    free(data);
    return FM_OFX_OK;
}

static const OfxMemorySuiteV1 g_memory_suite = {memory_alloc, memory_free};

static OfxStatus message(void *h, const char *type, const char *id, const char *format, ...) {
    (void) h;
    (void) id;
    char text[4096];
    va_list ap;
    va_start(ap, format);
    vsnprintf(text, sizeof text, format, ap);
    va_end(ap);
    for (char *c = text; *c; c++) {
        if (*c == '\n') *c = ' ';
    }
    report("message=%s|%s", type, text);
    return FM_OFX_OK;
}

static const OfxMessageSuiteV1 g_message_suite = {message};

/* ---------- the host ---------- */

static PropSet g_host_props;

static const void *fetch_suite(OfxPropertySetHandle host, const char *name, int version) {
    (void) host;
    if (version != 1) return NULL;
    if (strcmp(name, FM_OFX_PROPERTY_SUITE) == 0) return &g_property_suite;
    if (strcmp(name, FM_OFX_IMAGE_EFFECT_SUITE) == 0) return &g_effect_suite;
    if (strcmp(name, FM_OFX_PARAMETER_SUITE) == 0) return &g_param_suite;
    if (strcmp(name, FM_OFX_MEMORY_SUITE) == 0) return &g_memory_suite;
    if (strcmp(name, FM_OFX_MESSAGE_SUITE) == 0) return &g_message_suite;
    return NULL;
}

static OfxHost g_host = {&g_host_props, fetch_suite};
static OfxPlugin *g_plugin;

static void init_host_props(int temporal) {
    props_init(&g_host_props);
    set_string(&g_host_props, FM_PROP_TYPE, 0, FM_TYPE_IMAGE_EFFECT_HOST);
    /* FACEMAT_TEST_HOST_NAME lets a test pose as another host (e.g. MLT, which needs Unsafe) */
    const char *name = getenv("FACEMAT_TEST_HOST_NAME");
    set_string(&g_host_props, FM_PROP_NAME, 0, name != NULL ? name : "org.facemat.testhost");
    set_string(&g_host_props, FM_PROP_LABEL, 0, "FaceMat test host");
    set_int(&g_host_props, FM_IE_PROP_TEMPORAL_CLIP_ACCESS, 0, temporal);
    const char *comps[] = {FM_COMPONENT_RGBA, FM_COMPONENT_RGB, FM_COMPONENT_ALPHA};
    set_string_n(&g_host_props, FM_IE_PROP_SUPPORTED_COMPONENTS, 3, comps);
    const char *contexts[] = {FM_CONTEXT_FILTER, FM_CONTEXT_GENERAL};
    set_string_n(&g_host_props, FM_IE_PROP_SUPPORTED_CONTEXTS, 2, contexts);
    const char *depths[] = {FM_BIT_DEPTH_FLOAT, FM_BIT_DEPTH_BYTE};
    set_string_n(&g_host_props, FM_IE_PROP_SUPPORTED_PIXEL_DEPTHS, 2, depths);
    set_int(&g_host_props, FM_IE_PROP_SUPPORTS_MULTIPLE_CLIP_DEPTHS, 0, 0);
    set_int(&g_host_props, FM_IE_PROP_SUPPORTS_TILES, 0, 1);
    set_int(&g_host_props, FM_IE_PROP_SUPPORTS_MULTI_RESOLUTION, 0, 1);
    set_int(&g_host_props, FM_IE_INSTANCE_PROP_SEQUENTIAL_RENDER, 0, 2);
}

static OfxStatus call(const char *action, Effect *e, PropSet *in, PropSet *out) {
    return g_plugin->mainEntry(action, e, in, out);
}

static Effect *new_effect(const char *type) {
    Effect *e = calloc(1, sizeof *e);
    props_init(&e->props);
    props_init(&e->params.props);
    set_string(&e->props, FM_PROP_TYPE, 0, type);
    e->layout.depth_bytes = 4;
    e->layout.scale = 1.0;
    return e;
}

/* an instance built from a context's descriptor: the same clips and parameters, parameters at their defaults */
static Effect *new_instance(Effect *desc, const char *context, const char *tag) {
    Effect *e = new_effect(FM_TYPE_IMAGE_EFFECT_INSTANCE);
    e->tag = tag;
    set_string(&e->props, FM_IE_PROP_CONTEXT, 0, context);
    set_int(&e->props, FM_PROP_IS_INTERACTIVE, 0, 0);
    for (int i = 0; i < desc->clip_count; i++) {
        OfxPropertySetHandle cp;
        clip_define((OfxImageEffectHandle) e, desc->clips[i].name, &cp);
        const char *name = desc->clips[i].name;
        int connected = strcmp(name, "Mask") != 0;
        set_int(cp, FM_CLIP_PROP_CONNECTED, 0, connected);
        set_string(cp, FM_CLIP_PROP_COMPONENTS, 0, FM_COMPONENT_RGBA);
        set_string(cp, FM_CLIP_PROP_UNMAPPED_COMPONENTS, 0, FM_COMPONENT_RGBA);
        set_string(cp, FM_IE_PROP_PIXEL_DEPTH, 0, FM_BIT_DEPTH_FLOAT);
        set_string(cp, FM_CLIP_PROP_UNMAPPED_DEPTH, 0, FM_BIT_DEPTH_FLOAT);
        set_string(cp, FM_IE_PROP_PREMULTIPLICATION, 0, FM_IMAGE_UNPREMULTIPLIED);
        double range[2] = {0, g_frames - 1};
        set_double_n(cp, FM_IE_PROP_FRAME_RANGE, 2, range);
        /* the frames the tests hand in are the 25 fps sample clip's */
        set_double(cp, FM_IE_PROP_FRAME_RATE, 0, 25.0);
        set_int(cp, FM_IE_PROP_TEMPORAL_CLIP_ACCESS, 0, int_prop(&desc->clips[i].props, FM_IE_PROP_TEMPORAL_CLIP_ACCESS, 0, 0));
    }
    for (int i = 0; i < desc->params.count; i++) {
        struct FmOfxParam *d = &desc->params.params[i];
        OfxPropertySetHandle pp;
        param_define(&e->params, d->type, d->name, &pp);
        struct FmOfxParam *p = &e->params.params[e->params.count - 1];
        if (strcmp(d->type, FM_PARAM_TYPE_DOUBLE) == 0) {
            get_double(&d->props, FM_PARAM_PROP_DEFAULT, 0, &p->doubles[0]);
        } else if (strcmp(d->type, FM_PARAM_TYPE_STRING) == 0) {
            p->string = strdup(str_prop(&d->props, FM_PARAM_PROP_DEFAULT, 0));
        } else {
            p->ints[0] = int_prop(&d->props, FM_PARAM_PROP_DEFAULT, 0, 0);
        }
    }
    return e;
}

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void save_output(Effect *e, Image *img, const char *tag, int frame) {
    int bounds[4];
    get_int_n(&img->props, FM_IMAGE_PROP_BOUNDS, 4, bounds);
    int w = bounds[2] - bounds[0], h = bounds[3] - bounds[1], c = img->components;
    int depth = e->layout.depth_bytes;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s_%04d.fmimg", g_out_dir, tag, frame);
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        report("error=cannot write %s", path);
        return;
    }
    fprintf(f, "FMIMG %d %d %d\n", w, h, c);
    float *row = malloc(sizeof(float) * w * c);
    View v = view_of(img);
    for (int top = 0; top < h; top++) {
        for (int x = 0; x < w; x++) {
            char *p = pixel(&v, bounds[0] + x, bounds[3] - 1 - top);
            for (int k = 0; k < c; k++) row[x * c + k] = get_value(p + k * depth, depth);
        }
        fwrite(row, sizeof(float), (size_t) w * c, f);
    }
    free(row);
    fclose(f);
}

static void set_render_args(PropSet *in, Effect *e, double time, int interactive) {
    props_init(in);
    set_double(in, FM_PROP_TIME, 0, time);
    set_string(in, FM_IE_PROP_FIELD_TO_RENDER, 0, FM_FIELD_NONE);
    int window[4] = {e->layout.offset_x, e->layout.offset_y, e->layout.offset_x + frame_w(&e->layout),
                     e->layout.offset_y + frame_h(&e->layout)};
    set_int_n(in, FM_IE_PROP_RENDER_WINDOW, 4, window);
    set_double(in, FM_IE_PROP_RENDER_SCALE, 0, e->layout.scale);
    set_double(in, FM_IE_PROP_RENDER_SCALE, 1, e->layout.scale);
    set_int(in, FM_IE_PROP_SEQUENTIAL_RENDER_STATUS, 0, !interactive);
    set_int(in, FM_IE_PROP_INTERACTIVE_RENDER_STATUS, 0, interactive);
}

/* renders one frame into a fresh output image and saves it; returns the status */
static OfxStatus render(Effect *e, int frame, int interactive, const char *tag, double *ms) {
    const char *comps = str_prop(&clip_named(e, "Output")->props, FM_CLIP_PROP_COMPONENTS, 0);
    int c = strcmp(comps, FM_COMPONENT_ALPHA) == 0 ? 1 : 4;
    Image *out = new_image(&e->layout, c, frame_w(&e->layout), frame_h(&e->layout));
    set_pointer(&out->props, "FaceMatTestHostOutput", 0, out);
    e->output = out;
    PropSet in;
    set_render_args(&in, e, frame, interactive);
    double t0 = now_ms();
    OfxStatus s = call(FM_ACTION_RENDER, e, &in, NULL);
    double t1 = now_ms();
    if (ms != NULL) *ms = t1 - t0;
    props_free(&in);
    e->output = NULL;
    if (s == FM_OFX_OK && tag != NULL) save_output(e, out, tag, frame);
    report("render=%s|%d|%d|%.3f", e->tag, frame, s, t1 - t0);
    free(out->alloc);
    props_free(&out->props);
    free(out);
    return s;
}

static OfxStatus sequence(Effect *e, int first, int last, int interactive, const char *tag) {
    PropSet in;
    props_init(&in);
    double range[2] = {first, last};
    set_double_n(&in, FM_IE_PROP_FRAME_RANGE, 2, range);
    set_double(&in, FM_IE_PROP_FRAME_STEP, 0, 1.0);
    set_int(&in, FM_PROP_IS_INTERACTIVE, 0, interactive);
    set_double(&in, FM_IE_PROP_RENDER_SCALE, 0, e->layout.scale);
    set_double(&in, FM_IE_PROP_RENDER_SCALE, 1, e->layout.scale);
    set_int(&in, FM_IE_PROP_SEQUENTIAL_RENDER_STATUS, 0, !interactive);
    set_int(&in, FM_IE_PROP_INTERACTIVE_RENDER_STATUS, 0, interactive);
    OfxStatus s = call(FM_ACTION_BEGIN_SEQUENCE_RENDER, e, &in, NULL);
    OfxStatus worst = s == FM_OFX_REPLY_DEFAULT ? FM_OFX_OK : s;
    for (int f = first; f <= last && worst == FM_OFX_OK; f++) {
        worst = render(e, f, interactive, tag, NULL);
    }
    call(FM_ACTION_END_SEQUENCE_RENDER, e, &in, NULL);
    props_free(&in);
    return worst;
}

static OfxStatus clip_preferences(Effect *e) {
    PropSet out;
    props_init(&out);
    OfxStatus s = call(FM_ACTION_GET_CLIP_PREFERENCES, e, NULL, &out);
    const char *comps = str_prop(&out, FM_CLIP_PROP_COMPONENTS "_Output", 0);
    const char *premult = str_prop(&out, FM_IE_PROP_PREMULTIPLICATION, 0);
    report("clip_preferences=%s|%d|%s|%s", e->tag, s, comps, premult);
    if (s == FM_OFX_OK && comps[0] != '\0') {
        set_string(&clip_named(e, "Output")->props, FM_CLIP_PROP_COMPONENTS, 0, comps);
    }
    props_free(&out);
    return s;
}

static void set_param_int(Effect *e, const char *name, int v) {
    OfxParamHandle p;
    if (param_get_handle(&e->params, name, &p, NULL) == FM_OFX_OK) param_set_value(p, v);
    PropSet in;
    props_init(&in);
    set_string(&in, FM_PROP_TYPE, 0, FM_TYPE_PARAMETER);
    set_string(&in, FM_PROP_NAME, 0, name);
    set_string(&in, FM_PROP_CHANGE_REASON, 0, FM_CHANGE_USER_EDITED);
    set_double(&in, FM_PROP_TIME, 0, 0);
    set_double(&in, FM_IE_PROP_RENDER_SCALE, 0, 1);
    set_double(&in, FM_IE_PROP_RENDER_SCALE, 1, 1);
    call(FM_ACTION_BEGIN_INSTANCE_CHANGED, e, &in, NULL);
    call(FM_ACTION_INSTANCE_CHANGED, e, &in, NULL);
    call(FM_ACTION_END_INSTANCE_CHANGED, e, &in, NULL);
    props_free(&in);
}

static void set_param_string(Effect *e, const char *name, const char *v) {
    OfxParamHandle p;
    if (param_get_handle(&e->params, name, &p, NULL) == FM_OFX_OK) param_set_value(p, v);
}

static Effect *create(Effect *desc, const char *context, const char *tag) {
    Effect *e = new_instance(desc, context, tag);
    OfxStatus s = call(FM_ACTION_CREATE_INSTANCE, e, NULL, NULL);
    report("create=%s|%d", tag, s);
    if (s != FM_OFX_OK) return NULL;
    clip_preferences(e);
    return e;
}

static void destroy(Effect *e) {
    if (e != NULL) report("destroy=%s|%d", e->tag, call(FM_ACTION_DESTROY_INSTANCE, e, NULL, NULL));
}

static int jvm_loaded(void) {
    void *h = dlopen("libjvm.so", RTLD_NOW | RTLD_NOLOAD);
    return h != NULL;
}

typedef struct {
    Effect *e;
    int first, last;
    OfxStatus status;
} Job;

static void *run_job(void *arg) {
    Job *j = arg;
    j->status = sequence(j->e, j->first, j->last, 0, j->e->tag);
    return NULL;
}

static float *read_frame(const char *dir, int n) {
    char path[4096];
    snprintf(path, sizeof path, "%s/frame_%04d.rgba", dir, n);
    FILE *f = fopen(path, "rb");
    if (f == NULL) return NULL;
    size_t count = (size_t) g_width * g_height * 4;
    float *v = malloc(count * sizeof(float));
    size_t got = fread(v, sizeof(float), count, f);
    fclose(f);
    if (got != count) {
        free(v);
        return NULL;
    }
    return v;
}

static void *load_bundle(void) {
    const char *paths = getenv("OFX_PLUGIN_PATH");
    if (paths == NULL) {
        report("error=OFX_PLUGIN_PATH is not set");
        return NULL;
    }
    char *copy = strdup(paths);
    void *lib = NULL;
    for (char *save = NULL, *dir = strtok_r(copy, ":", &save); dir != NULL && lib == NULL;
         dir = strtok_r(NULL, ":", &save)) {
        char path[4096];
        snprintf(path, sizeof path, "%s/FaceMat.ofx.bundle/Contents/Linux-x86-64/FaceMat.ofx", dir);
        lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
        if (lib == NULL) report("dlopen_failed=%s|%s", path, dlerror());
    }
    free(copy);
    return lib;
}

static int describe_all(Effect **filter, Effect **general) {
    Effect *d = new_effect(FM_TYPE_IMAGE_EFFECT);
    OfxStatus s = call(FM_ACTION_DESCRIBE, d, NULL, NULL);
    report("describe=%d", s);
    report("describe_contexts=%s,%s", str_prop(&d->props, FM_IE_PROP_SUPPORTED_CONTEXTS, 0),
           str_prop(&d->props, FM_IE_PROP_SUPPORTED_CONTEXTS, 1));
    report("describe_thread_safety=%s", str_prop(&d->props, FM_IE_PLUGIN_RENDER_THREAD_SAFETY, 0));
    report("describe_sequential=%d", int_prop(&d->props, FM_IE_INSTANCE_PROP_SEQUENTIAL_RENDER, 0, -1));
    report("describe_tiles=%d", int_prop(&d->props, FM_IE_PROP_SUPPORTS_TILES, 0, -1));
    report("describe_host_frame_threading=%d", int_prop(&d->props, FM_IE_PLUGIN_PROP_HOST_FRAME_THREADING, 0, -1));
    report("describe_temporal=%d", int_prop(&d->props, FM_IE_PROP_TEMPORAL_CLIP_ACCESS, 0, -1));
    const char *contexts[2] = {FM_CONTEXT_FILTER, FM_CONTEXT_GENERAL};
    Effect **outs[2] = {filter, general};
    for (int i = 0; i < 2; i++) {
        Effect *c = new_effect(FM_TYPE_IMAGE_EFFECT);
        PropSet in;
        props_init(&in);
        set_string(&in, FM_IE_PROP_CONTEXT, 0, contexts[i]);
        s = call(FM_ACTION_DESCRIBE_IN_CONTEXT, c, &in, NULL);
        props_free(&in);
        char clips[256] = "", params[512] = "";
        for (int k = 0; k < c->clip_count; k++) {
            strcat(clips, c->clips[k].name);
            strcat(clips, k + 1 < c->clip_count ? "," : "");
        }
        for (int k = 0; k < c->params.count; k++) {
            strcat(params, c->params.params[k].name);
            strcat(params, k + 1 < c->params.count ? "," : "");
        }
        report("describe_in_context=%s|%d|%s|%s", contexts[i], s, clips, params);
        struct FmOfxParam *mode = param_named(&c->params, "outputMode");
        int options = 0;
        if (mode != NULL) get_dimension(&mode->props, FM_PARAM_PROP_CHOICE_OPTION, &options);
        report("output_mode_options=%d", options);
        *outs[i] = c;
    }
    report("jvm_after_describe=%d", jvm_loaded());
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 7) {
        fprintf(stderr, "usage: %s <main|nojava|bench> <frames dir> <width> <height> <frames> <out dir>\n", argv[0]);
        return 2;
    }
    const char *scenario = argv[1];
    g_width = atoi(argv[3]);
    g_height = atoi(argv[4]);
    g_frames = atoi(argv[5]);
    g_out_dir = argv[6];
    g_footage = calloc(g_frames, sizeof(float *));
    for (int i = 0; i < g_frames; i++) {
        g_footage[i] = read_frame(argv[2], i);
        if (g_footage[i] == NULL) {
            report("error=cannot read frame %d from %s", i, argv[2]);
            return 3;
        }
    }
    init_host_props(1);

    void *lib = load_bundle();
    if (lib == NULL) return 4;
    int (*count)(void) = (int (*)(void)) dlsym(lib, "OfxGetNumberOfPlugins");
    OfxPlugin *(*get)(int) = (OfxPlugin * (*)(int)) dlsym(lib, "OfxGetPlugin");
    OfxStatus (*set_host)(const OfxHost *) = (OfxStatus (*)(const OfxHost *)) dlsym(lib, "OfxSetHost");
    if (count == NULL || get == NULL) {
        report("error=the bundle does not export OfxGetNumberOfPlugins/OfxGetPlugin");
        return 4;
    }
    report("plugins=%d", count());
    if (set_host != NULL) set_host(&g_host);
    g_plugin = get(0);
    report("plugin=%s|%s|%d|%u.%u", g_plugin->pluginIdentifier, g_plugin->pluginApi, g_plugin->apiVersion,
           g_plugin->pluginVersionMajor, g_plugin->pluginVersionMinor);
    g_plugin->setHost(&g_host);
    report("load=%d", call(FM_ACTION_LOAD, NULL, NULL, NULL));
    Effect *filter, *general;
    describe_all(&filter, &general);

    if (strcmp(scenario, "nojava") == 0) {
        Effect *a = create(filter, FM_CONTEXT_FILTER, "nojava");
        if (a != NULL) render(a, 0, 0, NULL, NULL);
        destroy(a);
    } else if (strcmp(scenario, "bench") == 0) {
        Effect *a = create(filter, FM_CONTEXT_FILTER, "bench");
        if (a == NULL) return 5;
        PropSet in;
        props_init(&in);
        set_int(&in, FM_PROP_IS_INTERACTIVE, 0, 0);
        call(FM_ACTION_BEGIN_SEQUENCE_RENDER, a, &in, NULL);
        for (int f = 0; f < g_frames; f++) {
            double ms;
            render(a, f, 0, NULL, &ms);
        }
        call(FM_ACTION_END_SEQUENCE_RENDER, a, &in, NULL);
        destroy(a);
    } else {
        /* in order: frames 0..5 as one batch render */
        Effect *a = create(filter, FM_CONTEXT_FILTER, "inorder");
        if (a == NULL) return 5;
        report("jvm_after_create=%d", jvm_loaded());
        sequence(a, 0, 5, 0, "inorder");
        /* the same instance goes on, as a viewer would: negative stride, then bounds away from 0 */
        a->layout.negative_rows = 1;
        sequence(a, 6, 6, 1, "negrow");
        a->layout.negative_rows = 0;
        a->layout.offset_x = 37;
        a->layout.offset_y = -21;
        sequence(a, 7, 7, 1, "offset");
        a->layout.offset_x = 0;
        a->layout.offset_y = 0;
        /* a jump: a batch render of 20..23 starts from a pre-roll of the frames before 20 */
        int before = a->source_fetches;
        sequence(a, 20, 23, 0, "jump");
        report("jump_source_fetches=%d", a->source_fetches - before);
        /* out of order, backwards: frame 5 again, its state rebuilt from frames 0..4 */
        sequence(a, 5, 5, 1, "back");

        /* two instances rendering on two threads at once */
        Effect *b = create(filter, FM_CONTEXT_FILTER, "parB");
        Effect *c = create(general, FM_CONTEXT_GENERAL, "parC");
        if (b != NULL && c != NULL) {
            Job jb = {b, 0, 3, 0}, jc = {c, 0, 3, 0};
            pthread_t tb, tc;
            pthread_create(&tb, NULL, run_job, &jb);
            pthread_create(&tc, NULL, run_job, &jc);
            pthread_join(tb, NULL);
            pthread_join(tc, NULL);
            report("parallel=%d|%d", jb.status, jc.status);
        }

        /* render scale 0.5 */
        Effect *d = create(filter, FM_CONTEXT_FILTER, "half");
        if (d != NULL) {
            d->layout.scale = 0.5;
            sequence(d, 0, 2, 0, "half");
        }

        /* Alpha output */
        Effect *e = create(filter, FM_CONTEXT_FILTER, "alpha");
        if (e != NULL) {
            set_param_int(e, "outputMode", 2);
            clip_preferences(e);
            sequence(e, 0, 2, 0, "alpha");
        }

        /* uncertainty as grey, byte depth */
        Effect *g = create(filter, FM_CONTEXT_FILTER, "sigma8");
        if (g != NULL) {
            g->layout.depth_bytes = 1;
            set_param_int(g, "outputMode", 1);
            clip_preferences(g);
            sequence(g, 0, 1, 0, "sigma8");
        }

        /* a model file that does not exist: an error message and a failed render, not a crash */
        Effect *m = create(filter, FM_CONTEXT_FILTER, "nomodel");
        if (m != NULL) {
            set_param_string(m, "modelFile", "/nonexistent/facemat-missing.onnx");
            render(m, 0, 0, NULL, NULL);
        }

        destroy(a);
        destroy(b);
        destroy(c);
        destroy(d);
        destroy(e);
        destroy(g);
        destroy(m);
    }
    report("unload=%d", call(FM_ACTION_UNLOAD, NULL, NULL, NULL));
    report("done=1");
    return 0;
}
