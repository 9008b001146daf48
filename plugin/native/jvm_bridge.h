/* FaceMat post: the Java runtime behind the plug-in, started once per process on first need. */
#ifndef FACEMAT_JVM_BRIDGE_H
#define FACEMAT_JVM_BRIDGE_H

#include <stddef.h>
#include "ofx_api.h"

/* Starts the Java runtime and the Java side of the bridge if not done yet; 0 on success, else a message in err. */
int fm_jvm_ensure(OfxHost *host, char *err, size_t err_size);

int fm_jvm_started(void);

/* Runs one action on the Java side, on the calling (host) thread. */
OfxStatus fm_jvm_action(int code, const void *handle, OfxPropertySetHandle in, OfxPropertySetHandle out);

void fm_post_error(const void *handle, const char *text);

#endif
