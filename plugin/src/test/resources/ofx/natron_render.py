# Test script for NatronRenderer (natron-renderer -t natron_render.py): Read -> [FaceMat] -> Write, 16-bit PNG.
# Environment:
#   FM_CLIP      the movie or image sequence to read
#   FM_OUT       the output pattern, e.g. out/m.####.png
#   FM_FIRST, FM_LAST  Natron frame numbers (a movie's first frame is 1 in Natron)
#   FM_FACEMAT   "0": no FaceMat node (the frames as the host hands them to a plug-in)
#   FM_READ_SPACE  "raw": the Read passes the file's code values; "linear" (default of Natron): the file read as
#                sRGB and converted to scene-linear
#   FM_PARAMS    FaceMat parameters, "name=value,name=value" (ints, floats or strings)
#   FM_THEN_PARAMS, FM_THEN_FIRST, FM_THEN_LAST  optional: then set these parameters and render these frames too
import os
import NatronEngine

def set_params(node, text):
    for item in filter(None, text.split(",")):
        name, value = item.split("=", 1)
        param = node.getParam(name)
        for cast in (int, float, str):
            try:
                param.setValue(cast(value))
                break
            except (ValueError, TypeError):
                continue

app = NatronEngine.natron.getActiveInstance()
env = os.environ
plate = app.createReader(env["FM_CLIP"])
if env.get("FM_READ_SPACE", "raw") == "raw":
    for side in ("ocioInputSpace", "ocioOutputSpace"):
        plate.getParam(side).setValue("raw")
else:
    plate.getParam("ocioInputSpace").setValue("sRGB D65")   # the file is sRGB; the Read hands on scene-linear
last = plate
if env.get("FM_FACEMAT", "1") != "0":
    fm = app.createNode("org.facemat.FaceMat")
    if fm is None:
        print("FM_TEST no FaceMat node")
        quit()
    fm.connectInput(0, plate)
    set_params(fm, env.get("FM_PARAMS", ""))
    last = fm
out = app.createWriter(env["FM_OUT"])
out.connectInput(0, last)
out.getParam("formatType").setValue(0)     # the input's size
out.getParam("bitDepth").setValue(1)       # 16-bit PNG
for side in ("ocioInputSpace", "ocioOutputSpace"):
    out.getParam(side).setValue("raw")
app.render(out, int(env.get("FM_FIRST", "1")), int(env.get("FM_LAST", "10")))
if "FM_THEN_FIRST" in env:
    set_params(last, env.get("FM_THEN_PARAMS", ""))
    app.render(out, int(env["FM_THEN_FIRST"]), int(env["FM_THEN_LAST"]))
print("FM_TEST rendered")
quit()
