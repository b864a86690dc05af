/* com: the COM runtime a console program touches. Apartment initialisation and its return
 * codes, GUID helpers, task memory, BSTRs and VARIANT conversion, the Global Interface Table
 * across threads, the free-threaded marshaler, and MSXML's DOM document by ProgID.
 * Output: wine's test format (probe_test.h). */
#define COBJMACROS
#include <objbase.h>
#include <oleauto.h>
#include <msxml2.h>
#include "probe_test.h"

/* CLSID_StdGlobalInterfaceTable and IID_IGlobalInterfaceTable, from objidl.h's documentation,
 * spelled out so that no uuid library is needed. */
static const CLSID clsid_global_interface_table = {
    0x00000323, 0x0000, 0x0000, {0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}};
static const IID iid_global_interface_table = {
    0x00000146, 0x0000, 0x0000, {0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}};
static const IID iid_unknown = {
    0x00000000, 0x0000, 0x0000, {0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}};
static const IID iid_marshal = {
    0x00000003, 0x0000, 0x0000, {0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}};
static const IID iid_xml_dom_document = {
    0x2933bf81, 0x7b36, 0x11d2, {0xb2, 0x0e, 0x00, 0xc0, 0x4f, 0x98, 0x3e, 0x60}};

static void test_initialisation(void) {
    APTTYPE type;
    APTTYPEQUALIFIER qualifier;
    HRESULT hr = CoInitializeEx(NULL, COINIT_MULTITHREADED);
    ok(hr == S_OK, "first CoInitializeEx: 0x%08lx\n", hr);
    hr = CoInitializeEx(NULL, COINIT_MULTITHREADED);
    ok(hr == S_FALSE, "second CoInitializeEx: 0x%08lx, want S_FALSE\n", hr);
    CoUninitialize();
    hr = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
    ok(hr == RPC_E_CHANGED_MODE, "switching to STA: 0x%08lx, want RPC_E_CHANGED_MODE\n", hr);
    hr = CoGetApartmentType(&type, &qualifier);
    ok(hr == S_OK && type == APTTYPE_MTA, "CoGetApartmentType: 0x%08lx type %d\n", hr, type);
}

static void test_guids_and_memory(void) {
    GUID first, second, parsed;
    WCHAR text[39];
    void* memory;
    int length;

    ok(CoCreateGuid(&first) == S_OK && CoCreateGuid(&second) == S_OK, "CoCreateGuid failed\n");
    ok(!IsEqualGUID(&first, &second), "two CoCreateGuid calls gave the same GUID\n");
    /* Random GUIDs are version 4, RFC 4122 variant. */
    ok((first.Data3 >> 12) == 4 && (first.Data4[0] & 0xc0) == 0x80, "GUID version %x variant %x\n",
       first.Data3 >> 12, first.Data4[0] >> 6);

    length = StringFromGUID2(&clsid_global_interface_table, text, ARRAY_SIZE(text));
    ok(length == 39 && !lstrcmpW(text, L"{00000323-0000-0000-C000-000000000046}"),
       "StringFromGUID2: %d %s\n", length, wine_dbgstr_w(text));
    ok(CLSIDFromString(text, &parsed) == S_OK && IsEqualGUID(&parsed, &clsid_global_interface_table),
       "CLSIDFromString did not round-trip\n");

    memory = CoTaskMemAlloc(100);
    ok(memory != NULL, "CoTaskMemAlloc failed\n");
    memory = CoTaskMemRealloc(memory, 1000);
    ok(memory != NULL, "CoTaskMemRealloc failed\n");
    CoTaskMemFree(memory);
}

static void test_bstr_and_variant(void) {
    BSTR text = SysAllocString(L"h\x00e9llo");
    VARIANT in, out;
    HRESULT hr;

    ok(SysStringLen(text) == 5 && SysStringByteLen(text) == 10, "BSTR lengths %u %u\n",
       SysStringLen(text), SysStringByteLen(text));
    /* The length prefix sits just before the characters. */
    ok(((UINT*)text)[-1] == 10, "BSTR prefix %u\n", ((UINT*)text)[-1]);
    SysFreeString(text);

    VariantInit(&in);
    VariantInit(&out);
    V_VT(&in) = VT_I4;
    V_I4(&in) = -42;
    hr = VariantChangeType(&out, &in, 0, VT_BSTR);
    ok(hr == S_OK && V_VT(&out) == VT_BSTR && !lstrcmpW(V_BSTR(&out), L"-42"),
       "VT_I4 to VT_BSTR: 0x%08lx %s\n", hr, V_VT(&out) == VT_BSTR ? wine_dbgstr_w(V_BSTR(&out)) : "");
    VariantClear(&out);

    V_VT(&in) = VT_BSTR;
    V_BSTR(&in) = SysAllocString(L"not a number");
    hr = VariantChangeType(&out, &in, 0, VT_I4);
    ok(hr == DISP_E_TYPEMISMATCH, "bad string to VT_I4: 0x%08lx, want DISP_E_TYPEMISMATCH\n", hr);
    VariantClear(&in);
}

static IGlobalInterfaceTable* global_table;
static DWORD cookie;

/* Another MTA thread gets the registered interface back from the table. */
static DWORD WINAPI use_table_from_thread(void* arg) {
    IUnknown* unknown = NULL;
    HRESULT hr;
    CoInitializeEx(NULL, COINIT_MULTITHREADED);
    hr = IGlobalInterfaceTable_GetInterfaceFromGlobal(global_table, cookie, &iid_unknown,
                                                       (void**)&unknown);
    if (SUCCEEDED(hr)) IUnknown_Release(unknown);
    CoUninitialize();
    return (DWORD)hr;
}

static void test_global_interface_table(void) {
    IUnknown* marshaler = NULL;
    IUnknown* object = NULL;
    void* marshal = NULL;
    HANDLE thread;
    DWORD result = 1;
    HRESULT hr;

    hr = CoCreateInstance(&clsid_global_interface_table, NULL, CLSCTX_INPROC_SERVER,
                          &iid_global_interface_table, (void**)&global_table);
    if (!ok(hr == S_OK, "CoCreateInstance(StdGlobalInterfaceTable): 0x%08lx\n", hr)) return;

    /* Any object will do; the free-threaded marshaler is one COM makes without a server. */
    hr = CoCreateFreeThreadedMarshaler(NULL, &marshaler);
    ok(hr == S_OK, "CoCreateFreeThreadedMarshaler: 0x%08lx\n", hr);
    if (hr == S_OK) {
        ok(IUnknown_QueryInterface(marshaler, &iid_marshal, &marshal) == S_OK,
           "free-threaded marshaler lacks IMarshal\n");
        if (marshal) IUnknown_Release((IUnknown*)marshal);
        hr = IGlobalInterfaceTable_RegisterInterfaceInGlobal(global_table, marshaler, &iid_unknown,
                                                             &cookie);
        ok(hr == S_OK && cookie, "RegisterInterfaceInGlobal: 0x%08lx\n", hr);
        thread = CreateThread(NULL, 0, use_table_from_thread, NULL, 0, NULL);
        WaitForSingleObject(thread, 20000);
        GetExitCodeThread(thread, &result);
        CloseHandle(thread);
        ok(result == S_OK, "GetInterfaceFromGlobal in another thread: 0x%08lx\n", result);
        hr = IGlobalInterfaceTable_GetInterfaceFromGlobal(global_table, cookie, &iid_unknown,
                                                          (void**)&object);
        ok(hr == S_OK && object, "GetInterfaceFromGlobal: 0x%08lx\n", hr);
        if (object) IUnknown_Release(object);
        ok(IGlobalInterfaceTable_RevokeInterfaceFromGlobal(global_table, cookie) == S_OK,
           "RevokeInterfaceFromGlobal failed\n");
        IUnknown_Release(marshaler);
    }
    IGlobalInterfaceTable_Release(global_table);
}

static void test_msxml(void) {
    IXMLDOMDocument* document = NULL;
    IXMLDOMElement* root = NULL;
    VARIANT_BOOL loaded = VARIANT_FALSE;
    BSTR xml, name = NULL;
    CLSID clsid;
    HRESULT hr;

    hr = CLSIDFromProgID(L"Msxml2.DOMDocument.6.0", &clsid);
    if (!ok(hr == S_OK, "CLSIDFromProgID(Msxml2.DOMDocument.6.0): 0x%08lx\n", hr)) return;
    hr = CoCreateInstance(&clsid, NULL, CLSCTX_INPROC_SERVER, &iid_xml_dom_document,
                          (void**)&document);
    if (!ok(hr == S_OK, "CoCreateInstance(DOMDocument60): 0x%08lx\n", hr)) return;
    xml = SysAllocString(L"<config><item key=\"a\">1</item></config>");
    hr = IXMLDOMDocument_loadXML(document, xml, &loaded);
    ok(hr == S_OK && loaded == VARIANT_TRUE, "loadXML: 0x%08lx loaded %d\n", hr, loaded);
    SysFreeString(xml);
    hr = IXMLDOMDocument_get_documentElement(document, &root);
    if (ok(hr == S_OK && root, "get_documentElement: 0x%08lx\n", hr)) {
        hr = IXMLDOMElement_get_tagName(root, &name);
        ok(hr == S_OK && name && !lstrcmpW(name, L"config"), "tagName %s\n", wine_dbgstr_w(name));
        SysFreeString(name);
        IXMLDOMElement_Release(root);
    }
    IXMLDOMDocument_Release(document);

    hr = CLSIDFromProgID(L"Scripting.FileSystemObject", &clsid);
    ok(hr == S_OK, "CLSIDFromProgID(Scripting.FileSystemObject): 0x%08lx\n", hr);
}

int main(void) {
    probe_start("com");
    test_initialisation();
    test_guids_and_memory();
    test_bstr_and_variant();
    test_global_interface_table();
    test_msxml();
    CoUninitialize();
    return probe_finish();
}
