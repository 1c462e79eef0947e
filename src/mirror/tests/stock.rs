//! Compatibility with the stock tools a mirror may use instead of samizdat: `minisign`,
//! `sha256sum` and `tar`. Each test runs when its tool is on PATH and prints a SKIP note
//! otherwise; CI installs them.

use std::fs;
use std::process::Command;

use super::*;

#[test]
fn stock_minisign_verifies_our_signatures_and_sha256sum_our_list() -> T {
    let f = signed_bundle()?;
    if let Some(minisign) = stock("minisign") {
        let (ok, out) = run(
            Command::new(&minisign)
                .current_dir(&f.site)
                .args(["-Vm", "SHA256SUMS", "-p"])
                .arg(&f.public),
            "",
        )?;
        assert!(ok, "{out}");
        assert!(
            out.contains(&format!("Trusted comment: {COMMENT}")),
            "{out}"
        );
        // Stock minisign unlocks our encrypted keys too.
        let stem = f.root.join("enc");
        keygen(&stem, Some("pw"))?;
        let data = f.root.join("data.txt");
        fs::write(&data, "hello")?;
        let (ok, out) = run(
            Command::new(&minisign)
                .arg("-S")
                .arg("-s")
                .arg(f.root.join("enc.key"))
                .arg("-m")
                .arg(&data),
            "pw\n",
        )?;
        assert!(ok, "{out}");
        let (ok, out) = run(
            Command::new(&minisign)
                .arg("-Vm")
                .arg(&data)
                .arg("-p")
                .arg(f.root.join("enc.pub")),
            "",
        )?;
        assert!(ok, "{out}");
    }
    if let Some(sha256sum) = stock("sha256sum") {
        let (ok, out) = run(
            Command::new(sha256sum)
                .current_dir(&f.site)
                .args(["-c", "SHA256SUMS"]),
            "",
        )?;
        assert!(ok, "{out}");
        assert!(out.contains("заключённые/a b.txt: OK"), "{out}");
    }
    Ok(())
}

#[test]
fn stock_tar_unpacks_our_bundle_into_a_checkable_folder() -> T {
    let f = signed_bundle()?;
    let (Some(tar), Some(sha256sum)) = (stock("tar"), stock("sha256sum")) else {
        return Ok(());
    };
    let out = f.root.join("unpacked");
    fs::create_dir_all(&out)?;
    let (ok, msg) = run(
        Command::new(tar)
            .arg("-xzf")
            .arg(&f.archive)
            .arg("-C")
            .arg(&out),
        "",
    )?;
    assert!(ok, "{msg}");
    let top = out.join("samizdat-site");
    let (ok, msg) = run(
        Command::new(sha256sum)
            .current_dir(&top)
            .args(["-c", "SHA256SUMS"]),
        "",
    )?;
    assert!(ok, "{msg}");
    assert!(verify(&top, &f.public)?.is_authentic());
    // Pointing at the folder above says where the site is.
    let err = verify(&out, &f.public)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("samizdat-site"), "{err}");
    Ok(())
}

#[test]
fn stock_minisign_keys_and_signatures_are_accepted() -> T {
    let Some(minisign) = stock("minisign") else {
        return Ok(());
    };
    let tmp = tempfile::tempdir()?;
    let site = site(tmp.path())?;
    let (key, public) = (tmp.path().join("stock.key"), tmp.path().join("stock.pub"));
    let (ok, out) = run(
        Command::new(&minisign)
            .args(["-G", "-W", "-p"])
            .arg(&public)
            .arg("-s")
            .arg(&key),
        "",
    )?;
    assert!(ok, "{out}");
    // A folder signed by stock minisign (default and legacy formats) verifies with samizdat.
    let sums = manifest(&site)?;
    fs::write(site.join("SHA256SUMS"), sums)?;
    for legacy in [false, true] {
        let mut cmd = Command::new(&minisign);
        cmd.current_dir(&site).arg("-S").arg("-s").arg(&key);
        if legacy {
            cmd.arg("-l");
        }
        let (ok, out) = run(cmd.args(["-m", "SHA256SUMS", "-t", "stock comment"]), "")?;
        assert!(ok, "{out}");
        let r = verify(&site, &public)?;
        assert!(r.is_authentic(), "legacy={legacy}: {r}");
        assert!(text(&r).contains("signed comment: stock comment"));
    }
    // samizdat signs with a key from `minisign -G -W` (whose checksum is left zero), and stock
    // minisign checks the result.
    let archive = tmp.path().join("b.tar.gz");
    let s = bundle(
        &site,
        &archive,
        "samizdat-site",
        MTIME,
        Some((&key, None)),
        COMMENT,
    )?;
    assert!(s.key_id.is_some());
    assert!(verify(&archive, &public)?.is_authentic());
    let (ok, out) = run(
        Command::new(&minisign)
            .current_dir(&site)
            .args(["-Vm", "SHA256SUMS", "-p"])
            .arg(&public),
        "",
    )?;
    assert!(ok, "{out}");
    Ok(())
}
