//! A small writer of Terraform's HCL, laid out as `terraform fmt` lays it
//! out: two spaces per level, and the `=` of consecutive one-line attributes
//! aligned (an attribute whose value spans lines ends the run and is not
//! aligned itself).

use serde_json::Value;

/// An expression.
#[derive(Debug, Clone)]
pub enum Expr {
    /// A string taken literally: `${` and `%{` are escaped.
    Str(String),
    /// A string template: `${...}` interpolates.
    Template(String),
    /// An expression written as it is: a reference, a number, a call.
    Raw(String),
    List(Vec<Expr>),
    Object(Vec<(String, Expr)>),
    /// `jsonencode(...)` of the expression.
    JsonEncode(Box<Expr>),
}

impl Expr {
    pub fn str(s: impl Into<String>) -> Self {
        Expr::Str(s.into())
    }

    pub fn raw(s: impl Into<String>) -> Self {
        Expr::Raw(s.into())
    }

    /// A JSON value as an HCL object expression; its strings are templates,
    /// so `${aws_x.y.arn}` in them refers to a resource.
    pub fn from_json_templates(value: &Value) -> Self {
        match value {
            Value::Null => Expr::raw("null"),
            Value::Bool(b) => Expr::raw(b.to_string()),
            Value::Number(n) => Expr::raw(n.to_string()),
            Value::String(s) => Expr::Template(s.clone()),
            Value::Array(items) => {
                Expr::List(items.iter().map(Self::from_json_templates).collect())
            }
            Value::Object(map) => Expr::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Self::from_json_templates(v)))
                    .collect(),
            ),
        }
    }

    /// Whether the expression is written on one line.
    fn is_one_line(&self) -> bool {
        match self {
            Expr::Str(_) | Expr::Template(_) | Expr::Raw(_) => true,
            Expr::List(items) => items
                .iter()
                .all(|i| matches!(i, Expr::Str(_) | Expr::Template(_) | Expr::Raw(_))),
            Expr::Object(fields) => fields.is_empty(),
            Expr::JsonEncode(inner) => inner.is_one_line(),
        }
    }

    fn write(&self, indent: usize, out: &mut String) {
        match self {
            Expr::Str(s) => out.push_str(&literal(s)),
            Expr::Template(s) => out.push_str(&template(s)),
            Expr::Raw(s) => out.push_str(s),
            Expr::JsonEncode(inner) => {
                out.push_str("jsonencode(");
                inner.write(indent, out);
                out.push(')');
            }
            Expr::List(items) if self.is_one_line() => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.write(indent, out);
                }
                out.push(']');
            }
            Expr::List(items) => {
                out.push_str("[\n");
                let pad = " ".repeat(indent + 2);
                for item in items {
                    out.push_str(&pad);
                    item.write(indent + 2, out);
                    out.push_str(",\n");
                }
                out.push_str(&" ".repeat(indent));
                out.push(']');
            }
            Expr::Object(fields) if fields.is_empty() => out.push_str("{}"),
            Expr::Object(fields) => {
                out.push_str("{\n");
                let items: Vec<Item> = fields
                    .iter()
                    .map(|(k, v)| Item::Attr(key(k), v.clone()))
                    .collect();
                write_items(&items, indent + 2, out);
                out.push_str(&" ".repeat(indent));
                out.push('}');
            }
        }
    }
}

/// A line of a body.
#[derive(Debug, Clone)]
pub enum Item {
    Attr(String, Expr),
    Block(Block),
    /// An empty line between groups.
    Blank,
}

/// `kind "label" "label" { body }`.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: String,
    pub labels: Vec<String>,
    pub body: Vec<Item>,
}

impl Block {
    pub fn new(kind: &str, labels: &[&str]) -> Self {
        Block {
            kind: kind.to_string(),
            labels: labels.iter().map(|l| l.to_string()).collect(),
            body: Vec::new(),
        }
    }

    pub fn attr(mut self, name: &str, value: Expr) -> Self {
        self.body.push(Item::Attr(name.to_string(), value));
        self
    }

    pub fn block(mut self, block: Block) -> Self {
        self.body.push(Item::Block(block));
        self
    }

    pub fn blank(mut self) -> Self {
        self.body.push(Item::Blank);
        self
    }

    fn write(&self, indent: usize, out: &mut String) {
        out.push_str(&" ".repeat(indent));
        out.push_str(&self.kind);
        for label in &self.labels {
            out.push(' ');
            out.push_str(&literal(label));
        }
        out.push_str(" {\n");
        write_items(&self.body, indent + 2, out);
        out.push_str(&" ".repeat(indent));
        out.push_str("}\n");
    }
}

fn write_items(items: &[Item], indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    let mut i = 0;
    while i < items.len() {
        match &items[i] {
            Item::Blank => {
                out.push('\n');
                i += 1;
            }
            Item::Block(b) => {
                b.write(indent, out);
                i += 1;
            }
            Item::Attr(name, value) if !value.is_one_line() => {
                out.push_str(&format!("{pad}{name} = "));
                value.write(indent, out);
                out.push('\n');
                i += 1;
            }
            Item::Attr(..) => {
                // A run of one-line attributes, aligned on `=`.
                let run: Vec<(&String, &Expr)> = items[i..]
                    .iter()
                    .map_while(|item| match item {
                        Item::Attr(n, v) if v.is_one_line() => Some((n, v)),
                        _ => None,
                    })
                    .collect();
                let width = run
                    .iter()
                    .map(|(n, _)| n.chars().count())
                    .max()
                    .unwrap_or(0);
                for (name, value) in &run {
                    out.push_str(&format!("{pad}{name:<width$} = "));
                    value.write(indent, out);
                    out.push('\n');
                }
                i += run.len();
            }
        }
    }
}

/// Top-level blocks, separated by empty lines.
pub fn file(blocks: &[Block]) -> String {
    let mut out = String::new();
    for (i, b) in blocks.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        b.write(0, &mut out);
    }
    out
}

/// An object key: bare when it is an identifier, quoted otherwise.
fn key(k: &str) -> String {
    let ident = k
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if ident {
        k.to_string()
    } else {
        literal(k)
    }
}

/// HCL strings share JSON's escapes for quotes, backslashes and control
/// characters.
fn template(s: &str) -> String {
    Value::String(s.to_string()).to_string()
}

/// A string with its `${` and `%{` (template openers) doubled.
pub fn literal(s: &str) -> String {
    template(s).replace("${", "$${").replace("%{", "%%{")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_attributes_align_and_a_multi_line_one_breaks_the_run() {
        let block = Block::new("resource", &["aws_x", "y"])
            .attr("name", Expr::str("a${b}"))
            .attr("longer_name", Expr::raw("1"))
            .attr(
                "policy",
                Expr::JsonEncode(Box::new(Expr::from_json_templates(&serde_json::json!({
                    "Version": "2012-10-17",
                    "Statement": [{"Sid": "A", "Action": ["x", "y"], "Condition": {"a:b": {"k": "${r.arn}"}}}],
                })))),
            )
            .attr("role", Expr::raw("aws_iam_role.r.arn"))
            .block(Block::new("environment", &[]).attr(
                "variables",
                Expr::Object(vec![("T".into(), Expr::str("t"))]),
            ));
        assert_eq!(
            file(&[block]),
            "resource \"aws_x\" \"y\" {\n\
             \x20 name        = \"a$${b}\"\n\
             \x20 longer_name = 1\n\
             \x20 policy = jsonencode({\n\
             \x20   Version = \"2012-10-17\"\n\
             \x20   Statement = [\n\
             \x20     {\n\
             \x20       Sid    = \"A\"\n\
             \x20       Action = [\"x\", \"y\"]\n\
             \x20       Condition = {\n\
             \x20         \"a:b\" = {\n\
             \x20           k = \"${r.arn}\"\n\
             \x20         }\n\
             \x20       }\n\
             \x20     },\n\
             \x20   ]\n\
             \x20 })\n\
             \x20 role = aws_iam_role.r.arn\n\
             \x20 environment {\n\
             \x20   variables = {\n\
             \x20     T = \"t\"\n\
             \x20   }\n\
             \x20 }\n\
             }\n"
        );
    }
}
