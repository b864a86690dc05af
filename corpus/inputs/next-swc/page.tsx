// pages/blog/[slug].tsx: a Pages Router page with data fetching. In the client compile next-swc
// removes getStaticProps/getStaticPaths and the imports only they use, and marks the page __N_SSG.
import { readFileSync } from 'fs';
import { join } from 'path';
import type { ReactNode } from 'react';
import { useMemo } from 'react';

interface Post { slug: string; title: string; words: string[] }

const POSTS_DIR = join(process.cwd(), 'posts');

function Layout({ children, title }: { children: ReactNode; title: string }) {
  return (
    <main className={typeof window === 'undefined' ? 'server' : 'client'}>
      <h1>{title}</h1>
      {children}
    </main>
  );
}

export default function BlogPost({ post }: { post: Post }) {
  const counts = useMemo(() => {
    const m = new Map<string, number>();
    for (const w of post.words) m.set(w, (m.get(w) ?? 0) + 1);
    return [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  }, [post.words]);
  return (
    <Layout title={post.title}>
      <p data-env={process.env.NODE_ENV}>{post.words.length} words</p>
      <ol>{counts.map(([w, n]) => <li key={w}>{w}: {n}</li>)}</ol>
    </Layout>
  );
}

export async function getStaticPaths() {
  return { paths: [{ params: { slug: 'hello' } }], fallback: false };
}

export async function getStaticProps({ params }: { params: { slug: string } }) {
  const text = readFileSync(join(POSTS_DIR, `${params.slug}.md`), 'utf8');
  return { props: { post: { slug: params.slug, title: text.split('\n')[0], words: text.split(/\s+/) } } };
}
