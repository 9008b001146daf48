/*
 * FaceMat post: starts the Java runtime inside the host process (never during Load or Describe), once, and calls
 * org.facemat.ofx.OfxBridge on the host's threads. libjvm comes from a runtime bundled in Contents/Resources/jre,
 * else from JAVA_HOME; the class path is every jar in Contents/Resources/java.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <jni.h>
#include <libgen.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "jvm_bridge.h"

typedef jint (*create_vm_fn)(JavaVM **, void **, void *);
typedef jint (*created_vms_fn)(JavaVM **, jsize, jsize *);

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static JavaVM *g_vm;
static jclass g_bridge;
static jmethodID g_action;
static int g_failed;
static char g_failure[2048];

static int is_file(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Contents/ of the bundle this library was loaded from */
static int bundle_contents(char *out, size_t n) {
    Dl_info info;
    if (dladdr((void *) &bundle_contents, &info) == 0 || info.dli_fname == NULL) {
        return -1;
    }
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", info.dli_fname);
    char *arch_dir = dirname(tmp);          /* Contents/Linux-x86-64 */
    snprintf(out, n, "%s", dirname(arch_dir)); /* Contents */
    return 0;
}

static int find_libjvm(const char *contents, char *out, size_t n, char *err, size_t err_size) {
    char bundled[4096];
    snprintf(bundled, sizeof bundled, "%s/Resources/jre/lib/server/libjvm.so", contents);
    if (is_file(bundled)) {
        snprintf(out, n, "%s", bundled);
        return 0;
    }
    const char *home = getenv("JAVA_HOME");
    if (home != NULL && home[0] != '\0') {
        snprintf(out, n, "%s/lib/server/libjvm.so", home);
        if (is_file(out)) {
            return 0;
        }
        snprintf(err, err_size, "no Java runtime: %s/lib/server/libjvm.so does not exist (JAVA_HOME=%s) and no "
                 "runtime is bundled in %s/Resources/jre. FaceMat needs Java 17 or newer: set JAVA_HOME for the "
                 "host or copy a Java runtime there.", home, home, contents);
        return -1;
    }
    snprintf(err, err_size, "no Java runtime: JAVA_HOME is not set and no runtime is bundled in %s/Resources/jre. "
             "FaceMat needs Java 17 or newer: set JAVA_HOME for the host or copy a Java runtime there.", contents);
    return -1;
}

static int by_name(const struct dirent **a, const struct dirent **b) {
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* "-Djava.class.path=" + every jar in Resources/java (JNI does not expand wildcards) */
static char *class_path_option(const char *contents, char *err, size_t err_size) {
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/Resources/java", contents);
    struct dirent **list = NULL;
    int n = scandir(dir, &list, NULL, by_name);
    if (n < 0) {
        snprintf(err, err_size, "the plug-in's Java classes are missing: cannot read %s", dir);
        return NULL;
    }
    size_t size = 64;
    for (int i = 0; i < n; i++) {
        size += strlen(dir) + strlen(list[i]->d_name) + 2;
    }
    char *opt = malloc(size);
    strcpy(opt, "-Djava.class.path=");
    int jars = 0;
    for (int i = 0; i < n; i++) {
        size_t len = strlen(list[i]->d_name);
        if (len > 4 && strcmp(list[i]->d_name + len - 4, ".jar") == 0) {
            if (jars++ > 0) {
                strcat(opt, ":");
            }
            strcat(opt, dir);
            strcat(opt, "/");
            strcat(opt, list[i]->d_name);
        }
        free(list[i]);
    }
    free(list);
    if (jars == 0) {
        free(opt);
        snprintf(err, err_size, "the plug-in's Java classes are missing: no jar in %s", dir);
        return NULL;
    }
    return opt;
}

static int describe_exception(JNIEnv *env, char *err, size_t err_size, const char *what) {
    jthrowable t = (*env)->ExceptionOccurred(env);
    (*env)->ExceptionClear(env);
    const char *text = "";
    jstring s = NULL;
    if (t != NULL) {
        jclass object = (*env)->FindClass(env, "java/lang/Object");
        jmethodID to_string = (*env)->GetMethodID(env, object, "toString", "()Ljava/lang/String;");
        s = (jstring) (*env)->CallObjectMethod(env, t, to_string);
        (*env)->ExceptionClear(env);
        if (s != NULL) {
            text = (*env)->GetStringUTFChars(env, s, NULL);
        }
    }
    snprintf(err, err_size, "%s: %s", what, text);
    if (s != NULL) {
        (*env)->ReleaseStringUTFChars(env, s, text);
    }
    return -1;
}

static int start_locked(OfxHost *host, char *err, size_t err_size) {
    char contents[4096];
    if (bundle_contents(contents, sizeof contents) != 0) {
        snprintf(err, err_size, "cannot tell where the plug-in bundle is");
        return -1;
    }
    char libjvm[4096];
    if (find_libjvm(contents, libjvm, sizeof libjvm, err, err_size) != 0) {
        return -1;
    }
    void *lib = dlopen(libjvm, RTLD_NOW | RTLD_GLOBAL);
    if (lib == NULL) {
        snprintf(err, err_size, "cannot load the Java runtime %s: %s", libjvm, dlerror());
        return -1;
    }
    created_vms_fn created = (created_vms_fn) dlsym(lib, "JNI_GetCreatedJavaVMs");
    create_vm_fn create = (create_vm_fn) dlsym(lib, "JNI_CreateJavaVM");
    if (created == NULL || create == NULL) {
        snprintf(err, err_size, "%s is not a Java runtime (no JNI_CreateJavaVM)", libjvm);
        return -1;
    }
    JNIEnv *env = NULL;
    JavaVM *vm = NULL;
    jsize count = 0;
    /* a runtime may already run in this process (another plug-in): use it, it cannot be created twice */
    if (created(&vm, 1, &count) == JNI_OK && count > 0) {
        if ((*vm)->AttachCurrentThreadAsDaemon(vm, (void **) &env, NULL) != JNI_OK) {
            snprintf(err, err_size, "cannot attach to the Java runtime already running in the host");
            return -1;
        }
    } else {
        char *cp = class_path_option(contents, err, err_size);
        if (cp == NULL) {
            return -1;
        }
        char resources[4200];
        snprintf(resources, sizeof resources, "-Dfacemat.ofx.resources=%s/Resources", contents);
        JavaVMOption options[40];
        int n = 0;
        options[n++].optionString = cp;
        options[n++].optionString = resources;
        /* hosts install their own signal and crash handlers: keep the runtime off the signals it need not use */
        options[n++].optionString = "-Xrs";
        options[n++].optionString = "-Djava.awt.headless=true";
        char *extra = NULL;
        const char *extra_env = getenv("FACEMAT_OFX_JAVA_OPTIONS");
        if (extra_env != NULL) {
            extra = strdup(extra_env);
            for (char *save = NULL, *tok = strtok_r(extra, " ", &save); tok != NULL && n < 40;
                 tok = strtok_r(NULL, " ", &save)) {
                options[n++].optionString = tok;
            }
        }
        JavaVMInitArgs args;
        args.version = JNI_VERSION_1_8;
        args.nOptions = n;
        args.options = options;
        args.ignoreUnrecognized = JNI_FALSE;
        jint rc = create(&vm, (void **) &env, &args);
        free(cp);
        free(extra);
        if (rc != JNI_OK) {
            snprintf(err, err_size, "the Java runtime %s did not start (JNI error %d)", libjvm, (int) rc);
            return -1;
        }
    }
    jclass local = (*env)->FindClass(env, "org/facemat/ofx/OfxBridge");
    if (local == NULL) {
        return describe_exception(env, err, err_size, "the plug-in's Java side cannot be loaded (Java 17 or newer "
                                  "is needed)");
    }
    g_bridge = (jclass) (*env)->NewGlobalRef(env, local);
    jmethodID init = (*env)->GetStaticMethodID(env, g_bridge, "init", "(J)Ljava/lang/String;");
    g_action = (*env)->GetStaticMethodID(env, g_bridge, "action", "(IJJJ)I");
    if (init == NULL || g_action == NULL) {
        return describe_exception(env, err, err_size, "the plug-in's Java side does not match this bundle");
    }
    jstring problem = (jstring) (*env)->CallStaticObjectMethod(env, g_bridge, init, (jlong) (intptr_t) host);
    if ((*env)->ExceptionCheck(env)) {
        return describe_exception(env, err, err_size, "the plug-in's Java side failed to start");
    }
    if (problem != NULL) {
        const char *text = (*env)->GetStringUTFChars(env, problem, NULL);
        snprintf(err, err_size, "%s", text);
        (*env)->ReleaseStringUTFChars(env, problem, text);
        return -1;
    }
    g_vm = vm;
    return 0;
}

int fm_jvm_ensure(OfxHost *host, char *err, size_t err_size) {
    pthread_mutex_lock(&g_lock);
    int rc = 0;
    if (g_vm == NULL) {
        if (g_failed) {
            snprintf(err, err_size, "%s", g_failure); /* a Java runtime can be started only once per process */
            rc = -1;
        } else if (start_locked(host, err, err_size) != 0) {
            g_failed = 1;
            snprintf(g_failure, sizeof g_failure, "%s", err);
            rc = -1;
        }
    }
    pthread_mutex_unlock(&g_lock);
    return rc;
}

int fm_jvm_started(void) {
    pthread_mutex_lock(&g_lock);
    int started = g_vm != NULL;
    pthread_mutex_unlock(&g_lock);
    return started;
}

OfxStatus fm_jvm_action(int code, const void *handle, OfxPropertySetHandle in, OfxPropertySetHandle out) {
    JNIEnv *env = NULL;
    if ((*g_vm)->GetEnv(g_vm, (void **) &env, JNI_VERSION_1_8) != JNI_OK) {
        /* a host thread: attached once as a daemon so it never holds the runtime open at exit */
        if ((*g_vm)->AttachCurrentThreadAsDaemon(g_vm, (void **) &env, NULL) != JNI_OK) {
            fm_post_error(handle, "cannot attach the host's thread to the Java runtime");
            return FM_OFX_FAILED;
        }
    }
    jint status = (*env)->CallStaticIntMethod(env, g_bridge, g_action, (jint) code, (jlong) (intptr_t) handle,
                                              (jlong) (intptr_t) in, (jlong) (intptr_t) out);
    if ((*env)->ExceptionCheck(env)) {
        char err[2048];
        describe_exception(env, err, sizeof err, "internal error in the plug-in's Java side");
        fm_post_error(handle, err);
        return FM_OFX_FAILED;
    }
    return (OfxStatus) status;
}
