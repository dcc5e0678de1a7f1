

/// Russian patronymics and surname gender agreement, for generated names (the demo school).
public enum RussianNames {
    /// The patronymic a child of `father` takes: Иван → Иванович / Ивановна, Илья → Ильич / Ильинична.
    public static func patronymic(fromFather father: String, sex: Sex) -> String {
        let male = sex == .male
        switch father {
        case "Илья": return male ? "Ильич" : "Ильинична"
        case "Никита": return male ? "Никитич" : "Никитична"
        case "Кузьма": return male ? "Кузьмич" : "Кузьминична"
        case "Фома": return male ? "Фомич" : "Фоминична"
        case "Лука": return male ? "Лукич" : "Лукинична"
        case "Яков": return male ? "Яковлевич" : "Яковлевна"
        case "Лев": return male ? "Львович" : "Львовна"
        case "Павел": return male ? "Павлович" : "Павловна"
        case "Пётр", "Петр": return male ? "Петрович" : "Петровна"
        default: break
        }
        if father.hasSuffix("ий") || father.hasSuffix("ей") || father.hasSuffix("ай") {
            // Дмитрий → Дмитриевич, Андрей → Андреевич, Николай → Николаевич
            let stem = String(father.dropLast())
            return stem + (male ? "евич" : "евна")
        }
        if father.hasSuffix("й") {
            let stem = String(father.dropLast())
            return stem + (male ? "евич" : "евна")
        }
        if father.hasSuffix("ь") {
            // Игорь → Игоревич
            let stem = String(father.dropLast())
            return stem + (male ? "евич" : "евна")
        }
        if father.hasSuffix("а") || father.hasSuffix("я") {
            let stem = String(father.dropLast())
            return stem + (male ? "ич" : "ична")
        }
        let soft: Set<Character> = ["ж", "ш", "щ", "ч", "ц"]
        if let last = father.last, soft.contains(last) {
            return father + (male ? "евич" : "евна")
        }
        return father + (male ? "ович" : "овна")
    }

    /// The surname agreed with the bearer's sex: Иванов → Иванова, Смирнов → Смирнова,
    /// Толстой → Толстая, Горький → Горькая; others (Ким, Шевченко) do not change.
    public static func surname(_ maleForm: String, for sex: Sex) -> String {
        guard sex == .female else { return maleForm }
        for suffix in ["ов", "ев", "ёв", "ин", "ын"] where maleForm.hasSuffix(suffix) {
            return maleForm + "а"
        }
        if maleForm.hasSuffix("ский") || maleForm.hasSuffix("цкий") {
            return String(maleForm.dropLast(2)) + "ая"
        }
        if maleForm.hasSuffix("ой") || maleForm.hasSuffix("ый") {
            return String(maleForm.dropLast(2)) + "ая"
        }
        if maleForm.hasSuffix("ий") {
            return String(maleForm.dropLast(2)) + "ая"
        }
        return maleForm
    }
}
