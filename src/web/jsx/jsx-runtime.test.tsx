import { html, raw } from 'hono/html';
import { describe, expect, it } from 'vitest';
import { toHtml } from '../render.ts';

function Greeting(props: { name: string; children?: unknown }) {
  return (
    <p class="greeting">
      Bonjour {props.name} {props.children}
    </p>
  );
}

describe('the page renderer (JSX to HTML strings)', () => {
  it('escapes text and attribute values, and leaves raw HTML alone', () => {
    const name = `<script>alert("x")</script> & 'co'`;
    expect(toHtml(<p title={name}>{name}</p>)).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</p>',
    );
    expect(toHtml(<div>{raw('<b>bold</b>')}</div>)).toBe('<div><b>bold</b></div>');
    expect(toHtml(<div>{html`<i>${'<x>'}</i>`}</div>)).toBe('<div><i>&lt;x&gt;</i></div>');
  });

  it('escapes every special character wherever it stands in the text, and returns other texts as they are', () => {
    expect(toHtml(<p>{'&'}</p>)).toBe('<p>&amp;</p>');
    expect(toHtml(<p>{`<<>>''""&&`}</p>)).toBe('<p>&lt;&lt;&gt;&gt;&#39;&#39;&quot;&quot;&amp;&amp;</p>');
    expect(toHtml(<p>{'Rousseau & Fils — Échéance «\u00a0x\u00a0»'}</p>)).toBe(
      '<p>Rousseau &amp; Fils — Échéance «\u00a0x\u00a0»</p>',
    );
    expect(toHtml(<p title={`a${'b'}c > d`}>{''}</p>)).toBe('<p title="abc &gt; d"></p>');
    const plain = 'Rappeler Mme Martin lundi 10:30, devis n° 42';
    expect(toHtml(<p>{plain}</p>)).toBe(`<p>${plain}</p>`);
  });

  it('prints boolean attributes by presence, drops null ones, and closes void elements', () => {
    expect(toHtml(<input type="checkbox" checked={true} disabled={false} value={undefined} />)).toBe(
      '<input type="checkbox" checked=""/>',
    );
    expect(
      toHtml(
        <option selected={false} value={3}>
          Trois
        </option>,
      ),
    ).toBe('<option value="3">Trois</option>');
    expect(
      toHtml(
        <a data-n={0} aria-label="x" href="/x?a=1&b=2">
          x
        </a>,
      ),
    ).toBe('<a data-n="0" aria-label="x" href="/x?a=1&amp;b=2">x</a>');
    expect(toHtml(<br />)).toBe('<br/>');
  });

  it('renders components, fragments, arrays, numbers, and nothing for null and booleans', () => {
    const items = ['a', 'b'];
    expect(
      toHtml(
        <>
          <Greeting name="Marie">
            <em>!</em>
          </Greeting>
          <ul>
            {items.map((i) => (
              <li>{i}</li>
            ))}
          </ul>
          {0}
          {null}
          {false}
          {true}
          {undefined}
        </>,
      ),
    ).toBe('<p class="greeting">Bonjour Marie <em>!</em></p><ul><li>a</li><li>b</li></ul>0');
  });

  it('refuses an async component rather than printing "[object Promise]"', () => {
    async function Late() {
      return <p>late</p>;
    }
    expect(() => toHtml(<div>{(Late as unknown as () => string)()}</div>)).toThrow(/Async components/);
  });
});
