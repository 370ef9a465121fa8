// Entering goods: a stallholder adds their own product from 我的, gives it a photo from the phone,
// and villagers then find it by pinyin with that photo; a file that is not a photo is refused with a
// message and changes nothing.
import { expect, test } from '@playwright/test';
import * as zlib from 'node:zlib';
import { logInAs, screenshot } from './helpers';

/** A real PNG of `width` x `height` in one colour, as a phone's photo stands in. */
function png(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, Buffer.from([200, 80, 40]))]);
  const pixels = zlib.deflateSync(Buffer.concat(Array(height).fill(row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

test('a stallholder adds their own goods with a photo, and villagers find them by pinyin', async ({ page }) => {
  // No console-error check here: the refused upload is logged by the browser as a failed request.
  await logInAs(page, '13700137101');
  await page.goto('/me');
  await page.getByRole('link', { name: '我的好物' }).click();
  await expect(page).toHaveURL(/\/organise\/products$/);
  await page.getByRole('link', { name: '添加好物' }).click();

  await page.getByLabel('名称').fill('霉干菜');
  await page.getByLabel('类型').selectOption({ label: '特产' });
  await page.getByRole('button', { name: '全年' }).click();
  for (const month of ['4月', '5月', '6月', '7月', '8月', '9月']) {
    await page.getByRole('button', { name: month, exact: true }).click();
  }
  await page.getByLabel('价格').fill('约 20 元/斤');
  await page.getByLabel('介绍').fill('自家晒的霉干菜，烧肉最香。');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page).toHaveURL(/\/organise\/products\/p_[0-9a-f]+$/);

  const picker = page.locator('input[type=file][name=photo]');
  await picker.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo') });
  await expect(page.getByRole('alert')).toContainText('不是能打开的照片');
  await expect(page.locator('.photo-row img')).toHaveCount(0);

  await picker.setInputFiles({ name: 'IMG_0001.png', mimeType: 'image/png', buffer: png(900, 600) });
  await expect(page.locator('.photo-row img')).toHaveCount(1);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await screenshot(page, 'product-entry');

  await page.goto('/products?q=meigancai');
  const found = page.locator('a.product').first();
  await expect(found).toContainText('霉干菜');
  await expect(found.locator('img.thumb')).toBeVisible();
  await found.click();
  await expect(page.getByText('10月–3月')).toBeVisible();
  await expect(page.locator('img.photo')).toHaveAttribute('srcset', /480w.*1280w/);
});
