// The screenshots in docs/jenkins.md, taken from ./jenkins-demo with headless Chromium at 1280x800:
//   ./jenkins-demo &   (then, once Jenkins says it is fully up and running)
//   shots=$(mktemp -d) && cp docs/images/screenshots.mjs "$shots" && (cd "$shots" && npm install puppeteer-core &&
//     node screenshots.mjs http://localhost:8080/jenkins/ "$OLDPWD/docs/images")
// It prints each page with any error the browser console showed.
import puppeteer from 'puppeteer-core';
const base = process.argv[2] || 'http://localhost:8080/jenkins/';
const out = process.argv[3] || '.';
const pages = [
  ['global-configuration', 'manage/configure', 'CD Pipelines'],
  ['ledger-configuration', 'manage/configure', 'CD Pipelines ledger'],
  ['folder-property', 'job/shop/configure', 'CD Pipelines'],
  ['build-deployments', 'job/shop/job/cart/1/cd-pipelines/', null],
  ['approval', 'job/shop/job/cart/1/cd-approvals/', null],
  ['environment-board', 'job/shop/cd-environments/', null],
  ['environment-history', 'job/shop/cd-environments/environment/staging/', null],
];
const browser = await puppeteer.launch({executablePath: '/usr/bin/chromium', args: ['--no-sandbox'], headless: true});
const page = await browser.newPage();
await page.setViewport({width: 1280, height: 800});
const errors = [];
page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
page.on('pageerror', e => errors.push(String(e)));
for (const [name, path, heading] of pages) {
  await page.goto(base + path, {waitUntil: 'networkidle0'});
  if (heading) {
    await page.evaluate(h => {
      const el = [...document.querySelectorAll('.jenkins-section__title')]
        .find(e => e.textContent.trim().toLowerCase() === h.toLowerCase());
      if (el) { el.scrollIntoView(); window.scrollBy(0, -80); }
    }, heading);
    await new Promise(r => setTimeout(r, 500));
  }
  await page.screenshot({path: `${out}/${name}.png`});
  console.log(name, errors.length ? 'console errors: ' + errors.join(' | ') : 'ok');
  errors.length = 0;
}
await browser.close();
