package letter

import (
	"reflect"

	"github.com/relance-app/relance/internal/i18n"
)

// Field is one merge field a template may use, for the template editor's
// list: its path in Data, the text to insert, and what it holds in words.
type Field struct {
	Path   string   // ".Customer.Name"
	Insert string   // "{{.Customer.Name}}", or a range over a list
	About  i18n.Msg // what the field holds ("field" + Path)
	List   bool     // a list: its elements' fields are used inside the range
}

// Fields lists every field of Data, read from the type itself so that the
// list cannot fall behind the fields the check accepts. A list of records
// (.Invoices, .Previous, .Payments) is offered as a range whose body names
// its elements' first field; its elements' fields are those of .Invoice
// and the like, listed once.
func Fields() []Field {
	var out []Field
	walkFields(reflect.TypeOf(Data{}), "", &out)
	return out
}

func walkFields(t reflect.Type, prefix string, out *[]Field) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		path := prefix + "." + f.Name
		switch f.Type.Kind() {
		case reflect.Struct:
			walkFields(f.Type, path, out)
		case reflect.Slice:
			body := "{{.}}"
			if el := f.Type.Elem(); el.Kind() == reflect.Struct {
				body = "{{." + el.Field(0).Name + "}}"
			}
			*out = append(*out, Field{Path: path, Insert: "{{range " + path + "}}" + body + "{{end}}", About: i18n.M("field" + path), List: true})
		case reflect.Bool:
			*out = append(*out, Field{Path: path, Insert: "{{if " + path + "}}{{end}}", About: i18n.M("field" + path)})
		default:
			*out = append(*out, Field{Path: path, Insert: "{{" + path + "}}", About: i18n.M("field" + path)})
		}
	}
}
