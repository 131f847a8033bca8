/* PDFium's per-character and per-object calls in one C loop each, for layout/words.py and layout/fills.py.

Built by `python -m shared.native build` (shared/native.py) with the compiled parser, and used only with it; without
it the same calls run one by one through ctypes (about 0.4-0.8 us a call in Python against 20 ns here), with the
same results. PDFium's functions are not linked: `bind()` receives their addresses from pypdfium2's ctypes
bindings (the library pypdfium2 loaded), so this module never loads a PDFium of its own.

    bind(addresses)                -> None   (FPDFText_GetLooseCharBox, FPDFText_GetTextObject, FPDFPage_CountObjects,
                                             FPDFPage_GetObject, FPDFPageObj_GetType, FPDFPageObj_GetFillColor,
                                             FPDFPath_GetDrawMode, FPDFPath_CountSegments, FPDFPageObj_GetBounds,
                                             FPDFText_GetFillColor, FPDFTextObj_GetFont)
    loose_boxes(textpage, n)       -> bytes  (FS_RECTF of characters 0..n-1: left, top, right, bottom as C floats)
    text_objects(textpage, n)      -> bytes  (the text object of characters 0..n-1: addresses as uint64, 0 for none)
    path_fills(page)               -> list   ((r, g, b, left, bottom, right, top) of the page's top-level path
                                             objects that are filled, with an alpha of 128 or more, of at most 5
                                             segments, with bounds: the candidates of fills.warm_cells)
    object_font(object)            -> int    (FPDFTextObj_GetFont: the font's address, 0 for none)
    fill_color(textpage, index, rgba) -> tuple  (FPDFText_GetFillColor into out-parameters that start as `rgba`,
                                             the previous colour, as ctypes' reused c_uints do: (r, g, b, a))
    scrambled(boxes, text, page_height, sample) -> bool  (words._scrambled over loose_boxes' result, the same
                                             test in the same double arithmetic)
Pointers are passed as Python ints (their addresses). Call under the PDFium lock, as every PDFium call.
*/
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>

typedef struct { float left, top, right, bottom; } rectf;
typedef int (*loose_box_fn)(void *, int, rectf *);
typedef void *(*text_object_fn)(void *, int);
typedef int (*count_objects_fn)(void *);
typedef void *(*get_object_fn)(void *, int);
typedef int (*get_type_fn)(void *);
typedef int (*fill_color_fn)(void *, unsigned int *, unsigned int *, unsigned int *, unsigned int *);
typedef int (*draw_mode_fn)(void *, int *, int *);
typedef int (*count_segments_fn)(void *);
typedef int (*bounds_fn)(void *, float *, float *, float *, float *);
typedef int (*char_fill_fn)(void *, int, unsigned int *, unsigned int *, unsigned int *, unsigned int *);
typedef void *(*object_font_fn)(void *);

#define PAGEOBJ_PATH 2

static loose_box_fn loose_box;
static text_object_fn text_object;
static count_objects_fn count_objects;
static get_object_fn get_object;
static get_type_fn get_type;
static fill_color_fn object_fill;
static draw_mode_fn draw_mode;
static count_segments_fn count_segments;
static bounds_fn bounds;
static char_fill_fn char_fill;
static object_font_fn font_of;
static int bound;

static PyObject *bind(PyObject *self, PyObject *args) {
    unsigned long long a[11];
    if (!PyArg_ParseTuple(args, "(KKKKKKKKKKK)", &a[0], &a[1], &a[2], &a[3], &a[4], &a[5], &a[6], &a[7], &a[8],
                          &a[9], &a[10]))
        return NULL;
    for (int i = 0; i < 11; i++)
        if (!a[i]) {
            PyErr_SetString(PyExc_ValueError, "a null function address");
            return NULL;
        }
    loose_box = (loose_box_fn)(uintptr_t)a[0];
    text_object = (text_object_fn)(uintptr_t)a[1];
    count_objects = (count_objects_fn)(uintptr_t)a[2];
    get_object = (get_object_fn)(uintptr_t)a[3];
    get_type = (get_type_fn)(uintptr_t)a[4];
    object_fill = (fill_color_fn)(uintptr_t)a[5];
    draw_mode = (draw_mode_fn)(uintptr_t)a[6];
    count_segments = (count_segments_fn)(uintptr_t)a[7];
    bounds = (bounds_fn)(uintptr_t)a[8];
    char_fill = (char_fill_fn)(uintptr_t)a[9];
    font_of = (object_font_fn)(uintptr_t)a[10];
    bound = 1;
    Py_RETURN_NONE;
}

static int check_bound(void) {
    if (!bound) PyErr_SetString(PyExc_RuntimeError, "pdfium_c.bind() was not called");
    return bound;
}

static PyObject *loose_boxes(PyObject *self, PyObject *args) {
    unsigned long long tp;
    int n;
    if (!PyArg_ParseTuple(args, "Ki", &tp, &n) || !check_bound()) return NULL;
    if (n < 0) n = 0;
    PyObject *out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)n * (Py_ssize_t)sizeof(rectf));
    if (out == NULL) return NULL;
    rectf *r = (rectf *)PyBytes_AS_STRING(out);
    for (int i = 0; i < n; i++) {
        r[i].left = r[i].top = r[i].right = r[i].bottom = 0.0f;
        loose_box((void *)(uintptr_t)tp, i, &r[i]);  /* a valid index always gives its box */
    }
    return out;
}

static PyObject *text_objects(PyObject *self, PyObject *args) {
    unsigned long long tp;
    int n;
    if (!PyArg_ParseTuple(args, "Ki", &tp, &n) || !check_bound()) return NULL;
    if (n < 0) n = 0;
    PyObject *out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)n * (Py_ssize_t)sizeof(uint64_t));
    if (out == NULL) return NULL;
    uint64_t *o = (uint64_t *)PyBytes_AS_STRING(out);
    for (int i = 0; i < n; i++) o[i] = (uint64_t)(uintptr_t)text_object((void *)(uintptr_t)tp, i);
    return out;
}

static PyObject *path_fills(PyObject *self, PyObject *args) {
    unsigned long long page;
    if (!PyArg_ParseTuple(args, "K", &page) || !check_bound()) return NULL;
    void *pg = (void *)(uintptr_t)page;
    PyObject *out = PyList_New(0);
    if (out == NULL) return NULL;
    int count = count_objects(pg);
    for (int i = 0; i < count; i++) {
        void *obj = get_object(pg, i);
        if (get_type(obj) != PAGEOBJ_PATH) continue;
        unsigned int r, g, b, a;
        if (!object_fill(obj, &r, &g, &b, &a) || a < 128) continue;
        int fill_mode = 0, stroke = 0;
        if (!draw_mode(obj, &fill_mode, &stroke) || !fill_mode) continue;
        if (count_segments(obj) > 5) continue;
        float left, bottom, right, top;
        if (!bounds(obj, &left, &bottom, &right, &top)) continue;
        PyObject *item = Py_BuildValue("(IIIdddd)", r, g, b, (double)left, (double)bottom, (double)right, (double)top);
        if (item == NULL || PyList_Append(out, item) < 0) {
            Py_XDECREF(item);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(item);
    }
    return out;
}

static PyObject *object_font(PyObject *self, PyObject *args) {
    unsigned long long obj;
    if (!PyArg_ParseTuple(args, "K", &obj) || !check_bound()) return NULL;
    return PyLong_FromUnsignedLongLong((unsigned long long)(uintptr_t)font_of((void *)(uintptr_t)obj));
}

static PyObject *fill_color(PyObject *self, PyObject *args) {
    unsigned long long tp;
    int index;
    unsigned int r, g, b, a;
    if (!PyArg_ParseTuple(args, "Ki(IIII)", &tp, &index, &r, &g, &b, &a) || !check_bound()) return NULL;
    char_fill((void *)(uintptr_t)tp, index, &r, &g, &b, &a);  /* a failed call leaves the previous colour */
    return Py_BuildValue("(IIII)", r, g, b, a);
}

/* words._scrambled, line for line: the text's order is not the reading order when most neighbours in the text are
   not neighbours on the page. `boxes` is loose_boxes' result for the page (text index == char index). */
static PyObject *scrambled(PyObject *self, PyObject *args) {
    Py_buffer buf;
    PyObject *text;
    double page_height;
    int sample;
    if (!PyArg_ParseTuple(args, "y*Udi", &buf, &text, &page_height, &sample)) return NULL;
    const rectf *r = (const rectf *)buf.buf;
    Py_ssize_t n_boxes = buf.len / (Py_ssize_t)sizeof(rectf);
    Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    Py_ssize_t limit = (Py_ssize_t)sample * 4;
    if (len < limit) limit = len;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    long jumps = 0, pairs = 0;
    int first = 1;
    double prev_x1 = 0.0, prev_top = 0.0;
    for (Py_ssize_t i = 0; i < limit; i++) {
        if (Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i))) continue;
        if (i >= n_boxes) {  /* never with text index == char index; the Python loop would read a stale box */
            PyBuffer_Release(&buf);
            PyErr_SetString(PyExc_IndexError, "more characters than boxes");
            return NULL;
        }
        double x0 = (double)r[i].left;
        double top = page_height - (double)r[i].top;
        double bottom = page_height - (double)r[i].bottom;
        if (!first) {
            double h = bottom - top;
            h = 0.1 > h ? 0.1 : h;
            pairs += 1;
            jumps += (fabs(x0 - prev_x1) > 1.5 * h || fabs(top - prev_top) > 0.5 * h);
            if (pairs >= sample || (pairs == 60 && (jumps < 6 || jumps > 30))) break;
        }
        first = 0;
        prev_x1 = (double)r[i].right;
        prev_top = top;
    }
    PyBuffer_Release(&buf);
    return PyBool_FromLong(pairs >= 20 && (double)jumps > 0.3 * (double)pairs);
}

static PyMethodDef methods[] = {
    {"bind", bind, METH_VARARGS, "bind(addresses): PDFium's functions, by address (see the module's doc)"},
    {"loose_boxes", loose_boxes, METH_VARARGS, "loose_boxes(textpage, n) -> bytes of n FS_RECTF"},
    {"text_objects", text_objects, METH_VARARGS, "text_objects(textpage, n) -> bytes of n uint64 addresses"},
    {"path_fills", path_fills, METH_VARARGS, "path_fills(page) -> [(r, g, b, left, bottom, right, top)]"},
    {"object_font", object_font, METH_VARARGS, "object_font(object) -> the font's address, 0 for none"},
    {"fill_color", fill_color, METH_VARARGS, "fill_color(textpage, index, (r, g, b, a)) -> (r, g, b, a)"},
    {"scrambled", scrambled, METH_VARARGS, "scrambled(boxes, text, page_height, sample) -> bool"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "pdfium_c", NULL, -1, methods};

PyMODINIT_FUNC PyInit_pdfium_c(void) { return PyModule_Create(&module); }
