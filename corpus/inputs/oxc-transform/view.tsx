import { useState } from "react";

type Props = { items: string[]; title?: string };

export function List({ items, title = "List" }: Props) {
  const [open] = useState<boolean>(true);
  return (
    <section className="list" data-count={items.length}>
      <h2>{title}</h2>
      {open && <ul>{items.map((it, i) => <li key={i} {...{ id: `i${i}` }}>{it}</li>)}</ul>}
      <>
        <br />
        text &amp; more
      </>
    </section>
  );
}
