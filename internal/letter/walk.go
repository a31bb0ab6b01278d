package letter

import "reflect"

// walkStrings calls fn on every string reachable from ptr (a pointer to a
// struct), through nested structs and slices, copying slices first so the
// caller's data is never changed.
func walkStrings(ptr any, fn func(*string)) {
	walkValue(reflect.ValueOf(ptr).Elem(), fn)
}

func walkValue(v reflect.Value, fn func(*string)) {
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() {
			s := v.String()
			fn(&s)
			v.SetString(s)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			walkValue(v.Field(i), fn)
		}
	case reflect.Slice:
		if v.IsNil() || !v.CanSet() {
			return
		}
		cp := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		reflect.Copy(cp, v)
		v.Set(cp)
		for i := 0; i < v.Len(); i++ {
			walkValue(v.Index(i), fn)
		}
	}
}
